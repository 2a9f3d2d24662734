using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class UnverifiedResolveTests
{
    private static readonly ChangeStatus Resolve = new("resolved", null);

    [Fact]
    public void UnverifiedResolve_NoChecksAndNoVerificationEvidence_IsBlocked()
    {
        var error = Given.Rejection<GuardrailBlocked>(Given.Incident(Given.Declaration()), Resolve);

        var finding = Assert.Single(error.Findings);
        Assert.Equal(GuardrailIds.UnverifiedResolve, finding.Guardrail);
        Assert.Contains("checkout", error.Message, StringComparison.Ordinal);
        Assert.Contains("override", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnverifiedResolve_WithOverrideReason_ResolvesAndRecordsTheOverride()
    {
        var state = Given.Incident(Given.Declaration());
        var context = Given.Overriding("customers confirmed on the phone");

        var events = Given.Events(state, Resolve, context);

        Assert.Equal([new GuardrailOverridden(GuardrailIds.UnverifiedResolve, "customers confirmed on the phone"), new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Resolved, null)], events);
        Assert.Equal(IncidentStatus.Resolved, Given.Apply(state, Resolve, context).Status);
    }

    [Fact]
    public void UnverifiedResolve_WithVerificationEvidence_StartsTheMonitoringWindow()
    {
        var state = Given.Incident(Given.Declaration(), Given.VerificationEvidence());

        var events = Given.Events(state, new ChangeStatus("resolved", "payments succeed again"));

        Assert.Equal(new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Monitoring, "verifying the fix before resolving"), events[0]);
        Assert.Equal(Given.Now.AddMinutes(15), Assert.IsType<VerificationStarted>(events[1]).EndsAt);
    }

    [Fact]
    public void UnverifiedResolve_EvidenceNotMarkedAsVerification_IsStillBlocked() =>
        Given.Rejection<GuardrailBlocked>(Given.Incident(Given.Declaration(), Given.Evidence("api.log")), Resolve);

    [Fact]
    public void UnverifiedResolve_ServiceWithHealthCheck_StartsVerificationInsteadOfResolving()
    {
        var state = Given.Incident(Given.Declaration());
        var context = Given.Checking("checkout") with { Now = Given.Minute(10) };

        var events = Given.Events(state, Resolve, context);

        Assert.Equal(2, events.Count);
        var moved = Assert.IsType<StatusChanged>(events[0]);
        Assert.Equal((IncidentStatus.Investigating, IncidentStatus.Monitoring), (moved.From, moved.To));
        var started = Assert.IsType<VerificationStarted>(events[1]);
        Assert.Equal(Given.Minute(25), started.EndsAt);
        Assert.Equal(["checkout"], started.Checks);

        state = Given.Record(state, events, context);
        Assert.Equal(IncidentStatus.Monitoring, state.Status);
        Assert.Null(state.ResolvedAt);
        Assert.Equal(Given.Minute(25), state.Verification?.EndsAt);
    }

    [Fact]
    public void UnverifiedResolve_HealthCheckMatchesTheServiceWhateverItsCase()
    {
        var state = Given.Incident(Given.Declaration() with { Services = ["Checkout", "search"] });

        var started = Assert.Single(Given.Events(state, Resolve, Given.Checking("checkout")).OfType<VerificationStarted>());

        Assert.Equal(["Checkout"], started.Checks);
    }

    [Fact]
    public void UnverifiedResolve_FromMonitoring_StartsVerificationWithoutAnotherStatusChange()
    {
        var state = Given.Incident(Given.Declaration(), new ChangeStatus("monitoring", null));

        Assert.IsType<VerificationStarted>(Assert.Single(Given.Events(state, Resolve, Given.Checking("checkout"))));
    }

    [Fact]
    public void UnverifiedResolve_WindowComesFromTheSeverityPolicy()
    {
        var scale = new SeverityScale([.. SeverityScale.DefaultLevels.Select(l => l.Name == "SEV-2" ? l with { MonitoringWindow = TimeSpan.FromMinutes(40) } : l)]);
        var state = Given.Incident(Given.Declaration(severity: "SEV-2"));
        var context = new DecisionContext("alice", Given.Minute(10), scale) { CheckedServices = new HashSet<string> { "checkout" } };

        var started = Assert.Single(Given.Events(state, Resolve, context).OfType<VerificationStarted>());

        Assert.Equal(Given.Minute(50), started.EndsAt);
    }

    [Fact]
    public void UnverifiedResolve_WhileVerificationRuns_IsBlockedUnlessOverridden()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), Resolve, Given.Checking("checkout"));

        var error = Given.Rejection<GuardrailBlocked>(state, Resolve, Given.Checking("checkout"));
        Assert.Contains("still running", error.Message, StringComparison.Ordinal);

        state = Given.Apply(state, Resolve, Given.Checking("checkout") with { Override = "the probe is flaky; users confirm" });
        Assert.Equal(IncidentStatus.Resolved, state.Status);
        Assert.Null(state.Verification);
    }

    [Fact]
    public void UnverifiedResolve_VerificationEvidenceWhileVerificationRuns_DoesNotCutTheWindowShort()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), Resolve, Given.Checking("checkout"));
        state = Given.Apply(state, Given.VerificationEvidence(), Given.As());

        var error = Given.Rejection<GuardrailBlocked>(state, Resolve, Given.Checking("checkout"));
        Assert.Contains("still running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnverifiedResolve_Disabled_ResolvesStraightAway()
    {
        var context = Given.As() with { Guardrails = Given.Disabled(GuardrailIds.UnverifiedResolve) };

        Assert.Equal([new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Resolved, null)], Given.Events(Given.Incident(Given.Declaration()), Resolve, context));
    }

    [Fact]
    public void UnverifiedResolve_ConfiguredAsWarning_ResolvesAndRecordsTheNudge()
    {
        var context = Given.As() with { Guardrails = Given.Rule(GuardrailIds.UnverifiedResolve, level: GuardrailLevel.Warn) };

        var events = Given.Events(Given.Incident(Given.Declaration()), Resolve, context);

        Assert.Equal(new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Resolved, null), events[0]);
        var fired = Assert.IsType<GuardrailFired>(events[1]);
        Assert.Equal((GuardrailIds.UnverifiedResolve, "warn"), (fired.Guardrail, fired.Level));
    }
}
