using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Reports;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Tests.Reports;

/// <summary>An incident's row of figures from its events: in one go, or append by append, the same.</summary>
public sealed class IncidentFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 10, 0, 0, TimeSpan.Zero);

    private static RecordedEvent At(long version, int minutes, IIncidentEvent e, string actor = "alice") => new(7, version, e, actor, T0.AddMinutes(minutes));

    /// <summary>A SEV-1 started 4 minutes before alice declared it; bob joins at 3, carol takes command at 6, updates at 10 and 30, a mitigation applied at 20, resolved at 40 with the guardrail overridden.</summary>
    private static readonly RecordedEvent[] Events =
    [
        At(1, 0, new IncidentDeclared("Checkout failing", "SEV-1", null, null, ["Checkout"], T0.AddMinutes(-4), true, IncidentStatus.Investigating)),
        At(2, 0, new ResponderJoined("alice")),
        At(3, 3, new ResponderJoined("bob"), "bob"),
        At(4, 6, new RoleAssigned(IncidentRoles.Commander, "carol", null)),
        At(5, 10, new UpdatePosted(UpdateAudience.Internal, null, "Looking")),
        At(6, 20, new TimelineEntryAdded(EntryKind.Note, "Rolling back")),
        At(7, 20, new MitigationApplied(1)),
        At(8, 30, new UpdatePosted(UpdateAudience.Internal, null, "Better")),
        At(9, 40, new GuardrailOverridden(GuardrailIds.UnverifiedResolve, "Known fix")),
        At(10, 40, new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Resolved, null)),
    ];

    [Fact]
    public void FromEveryEvent_TheFirstOfEachAndTheSilenceUpToTheResolve()
    {
        var state = Incident.Fold(null, Events)!;
        var figures = IncidentFigures.Next(null, state, Events, SeverityScale.Default);

        Assert.Equal(T0.AddMinutes(3), figures.AcknowledgedAt); // bob, not alice who declared it
        Assert.Equal(T0.AddMinutes(6), figures.CommanderAt);
        Assert.Equal(T0.AddMinutes(20), figures.FirstMitigationAt);
        Assert.Equal(T0.AddMinutes(40), figures.ResolvedAt);
        Assert.Equal(20 * 60, figures.LongestSilenceSeconds); // 0 → 10 → 30 → 40
        Assert.False(figures.CadenceKept); // SEV-1 updates every 15 minutes
        Assert.True(figures.Overridden);
        Assert.False(figures.Verified);
        Assert.True(figures.Private);
        Assert.Equal(["checkout"], figures.Services);
    }

    [Fact]
    public void AppendByAppend_GivesTheSameRowAsFromEveryEvent()
    {
        IncidentFigures? row = null;
        IncidentState? state = null;
        foreach (var e in Events)
        {
            state = Incident.Fold(state, [e])!;
            row = IncidentFigures.Next(row, state, [e], SeverityScale.Default);
        }

        var whole = IncidentFigures.Next(null, state!, Events, SeverityScale.Default);
        Assert.Equal(whole with { UpdateTimes = [], Services = [] }, row! with { UpdateTimes = [], Services = [] });
        Assert.Equal(whole.UpdateTimes, row.UpdateTimes);
    }

    [Fact]
    public void NotResolved_HasNoSilenceOrCadenceYet()
    {
        var open = Events[..8];
        var figures = IncidentFigures.Next(null, Incident.Fold(null, open)!, open, SeverityScale.Default);
        Assert.Null(figures.ResolvedAt);
        Assert.Null(figures.LongestSilenceSeconds);
        Assert.Null(figures.CadenceKept);
    }
}
