using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>Given events, when a command, then events or an error — with no database.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static DecisionContext As(string actor = "alice", DateTimeOffset? now = null) =>
        new(actor, now ?? Now, SeverityScale.Default);

    public static DeclareIncident Declaration(string title = "Checkout failing", string severity = "SEV-2", string? status = null, bool isPrivate = false) =>
        new(title, severity, null, null, ["checkout"], null, isPrivate, status, null);

    /// <summary>Folds the events a sequence of commands produces, failing the test on any rejection.</summary>
    public static IncidentState Incident(params IIncidentCommand[] commands)
    {
        IncidentState? state = null;
        foreach (var command in commands)
        {
            state = Apply(state, command, As());
        }

        return state!;
    }

    public static IncidentState Apply(IncidentState? state, IIncidentCommand command, DecisionContext context)
    {
        var decision = Core.Incidents.Incident.Decide(state, command, context);
        Assert.True(decision.IsSuccess, decision.Error?.Message);
        var version = state?.Version ?? 0;
        return Core.Incidents.Incident.Fold(state, decision.Value.Select(e => new RecordedEvent(7, ++version, e, context.Actor, context.Now)))!;
    }

    public static IReadOnlyList<IIncidentEvent> Events(IncidentState? state, IIncidentCommand command, string actor = "alice")
    {
        var decision = Core.Incidents.Incident.Decide(state, command, As(actor));
        Assert.True(decision.IsSuccess, decision.Error?.Message);
        return decision.Value;
    }

    public static TError Rejection<TError>(IncidentState? state, IIncidentCommand command, string actor = "alice")
        where TError : Error
    {
        var decision = Core.Incidents.Incident.Decide(state, command, As(actor));
        Assert.False(decision.IsSuccess, "The command was accepted but should have been rejected.");
        return Assert.IsType<TError>(decision.Error);
    }
}
