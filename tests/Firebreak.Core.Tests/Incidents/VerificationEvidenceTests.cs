using Firebreak.Core.Common;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>Verification evidence attached by hand goes through the severity's monitoring window too.</summary>
public sealed class VerificationEvidenceTests
{
    /// <summary>SEV-2 (a 15-minute window) with no health check, verification evidence, resolve asked at minute 10.</summary>
    private static IncidentState MonitoringUntilMinute25()
    {
        var state = Given.Incident(Given.Declaration(), Given.VerificationEvidence());
        state = Given.ApplyAt(state, 10, new ChangeStatus("resolved", null));
        Assert.Equal(IncidentStatus.Monitoring, state.Status);
        return state;
    }

    [Fact]
    public void Resolve_WithVerificationEvidence_StartsTheWindowInMonitoring()
    {
        var state = Given.Incident(Given.Declaration(), Given.VerificationEvidence());

        var events = Given.Events(state, new ChangeStatus("resolved", null), Given.At(10));

        Assert.Equal(new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Monitoring, "verifying the fix before resolving"), events[0]);
        var started = Assert.IsType<VerificationStarted>(events[1]);
        Assert.Equal((Given.Minute(25), 0), (started.EndsAt, started.Checks.Count));
    }

    [Fact]
    public void Symptom_DuringTheWindow_RestartsItFromNow()
    {
        var state = MonitoringUntilMinute25();

        var events = Given.Events(state, new AddEntry("symptom", "checkout 502s again"), Given.At(20));

        Assert.Equal(new VerificationRecurred("a symptom was recorded", Given.Minute(35)), events[1]);
        state = Given.ApplyAt(state, 20, new AddEntry("symptom", "checkout 502s again"));
        Assert.Equal(Given.Minute(35), state.Verification?.EndsAt);
        Assert.Empty(Given.Events(state, new RecordVerification([]), Given.At(30, "firebreak")));
    }

    [Fact]
    public void OtherEntries_DuringTheWindow_LeaveItAlone()
    {
        var events = Given.Events(MonitoringUntilMinute25(), new AddEntry("note", "watching the graphs"), Given.At(20));

        Assert.IsType<TimelineEntryAdded>(Assert.Single(events));
    }

    [Fact]
    public void CleanWindow_Resolves()
    {
        var events = Given.Events(MonitoringUntilMinute25(), new RecordVerification([]), Given.At(25, "firebreak"));

        Assert.Empty(Assert.IsType<VerificationPassed>(events[0]).Checks);
        Assert.Equal(new StatusChanged(IncidentStatus.Monitoring, IncidentStatus.Resolved, "verified: nothing came back through the monitoring window"), events[1]);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void Resolve_BeforeTheWindowEnds_IsBlocked_AndAnOverrideResolves()
    {
        var state = MonitoringUntilMinute25();

        var blocked = Given.Rejection<GuardrailBlocked>(state, new ChangeStatus("resolved", null), Given.At(12));
        Assert.Contains("unverified-resolve", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("still running until 09:25", blocked.Message, StringComparison.Ordinal);

        var events = Given.Events(state, new ChangeStatus("resolved", null), Given.Overriding("customer confirmed", now: Given.Minute(12)));
        Assert.Equal(new GuardrailOverridden("unverified-resolve", "customer confirmed"), events[0]);
        Assert.Equal(IncidentStatus.Resolved, Assert.IsType<StatusChanged>(events[1]).To);
    }

    [Fact]
    public void Evidence_RecordsTheKindOfCheck()
    {
        var state = Given.Incident(Given.Declaration());

        var attached = Assert.IsType<EvidenceAttached>(Assert.Single(Given.Events(state, Given.VerificationEvidence() with { CheckKind = "client-side" })));

        Assert.Equal(VerificationCheckKind.ClientSide, attached.CheckKind);
        Assert.Contains("(text, checked: client-side)", TimelineText.Describe(attached), StringComparison.Ordinal);
        Assert.Equal("checkKind", Given.Rejection<Invalid>(state, Given.VerificationEvidence() with { CheckKind = "vibes" }).Field);
        Assert.Equal("checkKind", Given.Rejection<Invalid>(state, Given.Evidence() with { CheckKind = "metric" }).Field);
    }
}
