using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class LifecycleTests
{
    [Fact]
    public void Status_WalksTheWholeLifecycle()
    {
        var state = Given.Incident(Given.Declaration(status: "triage"));
        foreach (var next in new[] { "investigating", "identified", "monitoring", "resolved", "closed" })
        {
            if (next == "resolved")
            {
                // Verification evidence starts the monitoring window; the window passing clean resolves.
                state = Given.Apply(state, Given.VerificationEvidence(), Given.As(now: Given.Now.AddMinutes(state.Version)));
                state = Given.PassWindow(Given.Apply(state, new ChangeStatus(next, null), Given.As(now: Given.Now.AddMinutes(state.Version))));
            }
            else
            {
                state = Given.Apply(state, new ChangeStatus(next, null), Given.As(now: Given.Now.AddMinutes(state.Version)));
            }

            Assert.Equal(next, WireNames.Of(state.Status));
        }

        Assert.Equal(IncidentStatus.Closed, state.Status);
        Assert.NotNull(state.ResolvedAt);
        Assert.NotNull(state.ClosedAt);
    }

    public static TheoryData<IncidentStatus, IncidentStatus> Allowed() => new()
    {
        { IncidentStatus.Triage, IncidentStatus.Investigating },
        { IncidentStatus.Triage, IncidentStatus.Identified },
        { IncidentStatus.Investigating, IncidentStatus.Identified },
        { IncidentStatus.Investigating, IncidentStatus.Monitoring },
        { IncidentStatus.Investigating, IncidentStatus.Resolved },
        { IncidentStatus.Identified, IncidentStatus.Investigating },
        { IncidentStatus.Monitoring, IncidentStatus.Investigating },
        { IncidentStatus.Resolved, IncidentStatus.Investigating },
        { IncidentStatus.Resolved, IncidentStatus.Closed },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Status_AllowedMove_IsRecordedWithFromAndTo(IncidentStatus from, IncidentStatus to)
    {
        // Resolving at once goes past the unverified-resolve guardrail (verification is its own test).
        var events = Given.Events(At(from), new ChangeStatus(WireNames.Of(to), "why"), to == IncidentStatus.Resolved ? Given.Overriding("checked by hand") : Given.As());
        Assert.Equal(new StatusChanged(from, to, "why"), events[^1]);
        Assert.Equal(to == IncidentStatus.Resolved ? 2 : 1, events.Count);
    }

    public static TheoryData<IncidentStatus, string> Forbidden() => new()
    {
        { IncidentStatus.Triage, "resolved" },
        { IncidentStatus.Triage, "closed" },
        { IncidentStatus.Investigating, "closed" },
        { IncidentStatus.Investigating, "triage" },
        { IncidentStatus.Investigating, "investigating" },
        { IncidentStatus.Monitoring, "closed" },
        { IncidentStatus.Resolved, "monitoring" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Status_InvalidMove_IsRejectedNamingTheAllowedMoves(IncidentStatus from, string to)
    {
        var state = At(from);
        var error = Given.Rejection<Invalid>(state, new ChangeStatus(to, null));
        Assert.Equal("status", error.Field);
        foreach (var allowed in Lifecycle.AllowedFrom(from))
        {
            Assert.Contains(WireNames.Of(allowed), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Status_UnknownName_IsInvalid() =>
        Assert.Contains("Allowed moves", Given.Rejection<Invalid>(At(IncidentStatus.Investigating), new ChangeStatus("fixed", null)).Message, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Status_ToDeclined_PointsToTheDeclineCommand() =>
        Assert.Contains("decline", Given.Rejection<Invalid>(At(IncidentStatus.Triage), new ChangeStatus("declined", null)).Message, StringComparison.Ordinal);

    [Fact]
    public void Status_ReopenAfterResolve_ClearsResolvedAt()
    {
        var state = Given.Apply(At(IncidentStatus.Resolved), new ChangeStatus("investigating", "it came back"), Given.As());
        Assert.Null(state.ResolvedAt);
    }

    [Fact]
    public void Decline_FromTriage_WithReason_EndsTheIncident()
    {
        var state = Given.Apply(At(IncidentStatus.Triage), new DeclineIncident("alert threshold too low"), Given.As());
        Assert.Equal(IncidentStatus.Declined, state.Status);
        Assert.Equal("alert threshold too low", state.DeclineReason);
    }

    [Fact]
    public void Decline_WithoutReason_IsInvalid() =>
        Assert.Equal("reason", Given.Rejection<Invalid>(At(IncidentStatus.Triage), new DeclineIncident("  ")).Field);

    [Fact]
    public void Decline_AfterTriage_IsInvalid() =>
        Assert.Equal("status", Given.Rejection<Invalid>(At(IncidentStatus.Investigating), new DeclineIncident("nope")).Field);

    [Theory]
    [InlineData(IncidentStatus.Closed)]
    [InlineData(IncidentStatus.Declined)]
    public void FinalIncident_TakesNoMoreChanges(IncidentStatus final)
    {
        var state = At(final);
        Given.Rejection<Invalid>(state, new AddEntry("note", "late"));
        Given.Rejection<Invalid>(state, new ChangeStatus("investigating", null));
        Given.Rejection<Invalid>(state, new JoinResponse());
    }

    [Fact]
    public void Severity_ChangeWithReason_IsRecorded()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3"));
        Assert.Equal(new SeverityChanged("SEV-3", "SEV-1", "all regions"), Assert.Single(Given.Events(state, new ChangeSeverity("P0", "all regions"))));
        Assert.Equal("SEV-1", Given.Apply(state, new ChangeSeverity("P0", "all regions"), Given.As()).Severity);
    }

    [Fact]
    public void Severity_WithoutReason_IsInvalid() =>
        Assert.Equal("reason", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new ChangeSeverity("SEV-1", null)).Field);

    [Fact]
    public void Severity_Unknown_IsInvalid() =>
        Assert.Equal("severity", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new ChangeSeverity("SEV-0", "x")).Field);

    [Fact]
    public void Severity_Same_IsInvalid() =>
        Assert.Contains("already", Given.Rejection<Invalid>(Given.Incident(Given.Declaration(severity: "SEV-2")), new ChangeSeverity("P1", "x")).Message, StringComparison.Ordinal);

    /// <summary>An incident brought to the given status through allowed moves (resolved past the unverified-resolve guardrail).</summary>
    internal static IncidentState At(IncidentStatus status)
    {
        var path = status switch
        {
            IncidentStatus.Triage => [],
            IncidentStatus.Investigating => ["investigating"],
            IncidentStatus.Identified => ["investigating", "identified"],
            IncidentStatus.Monitoring => ["investigating", "monitoring"],
            IncidentStatus.Resolved => ["investigating", "resolved"],
            IncidentStatus.Closed => ["investigating", "resolved", "closed"],
            IncidentStatus.Declined => Array.Empty<string>(),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        var state = Given.Incident(Given.Declaration(status: "triage"));
        foreach (var step in path)
        {
            state = step == "resolved" ? Given.Resolve(state) : Given.Apply(state, new ChangeStatus(step, null), Given.As());
        }

        return status == IncidentStatus.Declined ? Given.Apply(state, new DeclineIncident("false alarm"), Given.As()) : state;
    }
}
