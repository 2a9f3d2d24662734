using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class VerificationTests
{
    private static readonly CheckResult CheckoutUp = new("checkout", true, "HTTP 200 in 84 ms");
    private static readonly CheckResult CheckoutDown = new("checkout", false, "HTTP 503");

    /// <summary>SEV-2 on checkout (which has a health check), resolve asked at minute 10: the window ends at minute 25.</summary>
    private static IncidentState VerifyingUntilMinute25(params string[] services)
    {
        var declaration = services.Length == 0 ? Given.Declaration() : Given.Declaration() with { Services = services };
        var checkedServices = services.Length == 0 ? ["checkout"] : services;
        var state = Given.Incident(declaration);
        state = Given.Apply(state, new ChangeStatus("resolved", null), Given.Checking(checkedServices) with { Now = Given.Minute(10) });
        Assert.Equal(Given.Minute(25), state.Verification?.EndsAt);
        return state;
    }

    private static IReadOnlyList<IIncidentEvent> Round(IncidentState state, double minute, params CheckResult[] results) =>
        Given.Events(state, new RecordVerification(results), Given.At(minute, "firebreak"));

    private static IncidentState Recorded(IncidentState state, double minute, params CheckResult[] results) =>
        Given.ApplyAt(state, minute, new RecordVerification(results), "firebreak");

    [Fact]
    public void Verification_FailingCheck_IsRecordedOnce()
    {
        var state = VerifyingUntilMinute25();

        Assert.Equal([new VerificationCheckFailed("checkout", "HTTP 503")], Round(state, 12, CheckoutDown));
        state = Recorded(state, 12, CheckoutDown);
        Assert.Equal(["checkout"], state.Verification?.Failing);

        Assert.Empty(Round(state, 13, CheckoutDown));
        Assert.Equal(IncidentStatus.Monitoring, state.Status);
    }

    [Fact]
    public void Verification_Recovery_RestartsTheWindowFromNow()
    {
        var state = Recorded(VerifyingUntilMinute25(), 12, CheckoutDown);

        Assert.Equal([new VerificationCheckRecovered("checkout", Given.Minute(29))], Round(state, 14, CheckoutUp));
        state = Recorded(state, 14, CheckoutUp);

        Assert.Equal(Given.Minute(29), state.Verification?.EndsAt);
        Assert.Empty(state.Verification!.Failing);
    }

    [Fact]
    public void Verification_PassingBeforeTheWindowEnds_RecordsNothing() =>
        Assert.Empty(Round(VerifyingUntilMinute25(), 20, CheckoutUp));

    [Fact]
    public void Verification_PassingWhenTheWindowEnds_PassesAndResolves()
    {
        var state = VerifyingUntilMinute25();

        var events = Round(state, 25, CheckoutUp);

        Assert.Equal(2, events.Count);
        Assert.Equal(["checkout"], Assert.IsType<VerificationPassed>(events[0]).Checks);
        var resolved = Assert.IsType<StatusChanged>(events[1]);
        Assert.Equal((IncidentStatus.Monitoring, IncidentStatus.Resolved), (resolved.From, resolved.To));

        state = Recorded(state, 25, CheckoutUp);
        Assert.Equal(IncidentStatus.Resolved, state.Status);
        Assert.Equal(Given.Minute(25), state.ResolvedAt);
        Assert.Null(state.Verification);
    }

    [Fact]
    public void Verification_AfterRecovery_TheOldEndNoLongerCounts()
    {
        var state = Recorded(Recorded(VerifyingUntilMinute25(), 12, CheckoutDown), 14, CheckoutUp);

        Assert.Empty(Round(state, 26, CheckoutUp));
        Assert.IsType<VerificationPassed>(Round(state, 29, CheckoutUp)[0]);
    }

    [Fact]
    public void Verification_FailingWhenTheWindowEnds_DoesNotPass()
    {
        var events = Round(VerifyingUntilMinute25(), 30, CheckoutDown);

        Assert.IsType<VerificationCheckFailed>(Assert.Single(events));
    }

    [Fact]
    public void Verification_OneOfTwoFailingChecksRecovers_LeavesTheFailingList_AndTheWindowWaitsForTheOther()
    {
        var paymentsDown = new CheckResult("payments", false, "timeout");
        var paymentsUp = new CheckResult("payments", true, "HTTP 200 in 40 ms");
        var state = Recorded(VerifyingUntilMinute25("checkout", "payments"), 12, CheckoutDown, paymentsDown);
        Assert.Equal(["checkout", "payments"], state.Verification?.Failing);

        Assert.Equal([new VerificationCheckHealthy("payments", "HTTP 200 in 40 ms")], Round(state, 14, CheckoutDown, paymentsUp));
        state = Recorded(state, 14, CheckoutDown, paymentsUp);
        Assert.Equal(["checkout"], state.Verification?.Failing);
        Assert.Equal(Given.Minute(25), state.Verification?.EndsAt);

        // The last one recovering restarts the window, as before.
        Assert.Equal([new VerificationCheckRecovered("checkout", Given.Minute(31))], Round(state, 16, CheckoutUp, paymentsUp));
    }

    [Fact]
    public void Verification_SecondCheckFailing_RecordsOnlyTheNewFailure()
    {
        var payments = new CheckResult("payments", false, "timeout");
        var state = Recorded(VerifyingUntilMinute25("checkout", "payments"), 12, CheckoutDown, new CheckResult("payments", true, "ok"));

        Assert.Equal([new VerificationCheckFailed("payments", "timeout")], Round(state, 13, CheckoutDown, payments));
    }

    [Fact]
    public void Verification_MovingBackToInvestigating_ClearsIt()
    {
        var state = Given.ApplyAt(VerifyingUntilMinute25(), 12, new ChangeStatus("investigating", "errors are back"));

        Assert.Equal(IncidentStatus.Investigating, state.Status);
        Assert.Null(state.Verification);
        Assert.Empty(Round(state, 30, CheckoutUp));
    }

    [Fact]
    public void Verification_NoneRunning_RecordsNothing() =>
        Assert.Empty(Round(Given.Incident(Given.Declaration()), 30, CheckoutDown));
}
