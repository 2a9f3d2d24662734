using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Tests.Incidents;
using static Firebreak.Core.Tests.StatusPage.IncidentStory;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>The periods the uptime history reads from incidents, maintenances and statuses set by hand.</summary>
public sealed class IncidentPeriodsTests
{
    private static DateTimeOffset M(double minute) => Given.Minute(minute);

    [Fact]
    public void AnIncidentsPeriod_StartsAtItsFirstPublicUpdate_AndEndsAtAPublicResolved()
    {
        var periods = Declare("SEV-2")
            .Internal(5)
            .Public(10, "investigating")
            .Public(20, "identified")
            .Public(30, "resolved")
            .Periods();

        Assert.Equal([new StatusPeriod("Checkout", M(10), M(30), ComponentStatus.PartialOutage)], periods);
    }

    [Fact]
    public void WithoutAPublicUpdate_ThereIsNoPeriod()
    {
        Assert.Empty(Declare("SEV-1").Internal(5).Impact(6, ("Search", "major_outage")).Periods());
    }

    [Fact]
    public void UntilAPublicResolved_ThePeriodStaysOpen_EvenIfTheIncidentIsResolved()
    {
        var story = Declare("SEV-1").Public(10, "investigating").Do(20, new ChangeStatus("resolved", null), overriding: "checked by hand");
        Assert.Equal(IncidentStatus.Resolved, story.State.Status);

        Assert.Equal([new StatusPeriod("Checkout", M(10), null, ComponentStatus.MajorOutage)], story.Periods());
    }

    [Fact]
    public void AStatedImpactChange_SplitsThePeriods()
    {
        var periods = Declare("SEV-2")
            .Public(10, "investigating")
            .Impact(20, ("Checkout", "major_outage"))
            .Impact(30, ("search", "degraded_performance"))
            .Impact(40, ("Checkout", "operational"))
            .Public(50, "resolved")
            .Periods();

        Assert.Equal(
            [
                new StatusPeriod("Checkout", M(10), M(20), ComponentStatus.PartialOutage),
                new StatusPeriod("Checkout", M(20), M(40), ComponentStatus.MajorOutage),
                new StatusPeriod("Search", M(30), M(50), ComponentStatus.DegradedPerformance),
            ],
            periods);
    }

    [Fact]
    public void AnImpactStatedBeforeThePublicUpdate_CountsFromThePublicUpdate()
    {
        var periods = Declare("SEV-4", components: new Dictionary<string, string?> { ["Search"] = "partial_outage" })
            .Public(10, "investigating")
            .Periods();

        Assert.Equal([new StatusPeriod("Search", M(10), null, ComponentStatus.PartialOutage)], periods);
    }

    [Fact]
    public void ASeverityChange_SplitsThePeriods_WhileNoImpactIsStated()
    {
        var periods = Declare("SEV-2")
            .Public(10, "investigating")
            .Do(20, new ChangeSeverity("SEV-1", "all cards fail"))
            .Public(30, "resolved")
            .Periods();

        Assert.Equal(
            [
                new StatusPeriod("Checkout", M(10), M(20), ComponentStatus.PartialOutage),
                new StatusPeriod("Checkout", M(20), M(30), ComponentStatus.MajorOutage),
            ],
            periods);
    }

    [Fact]
    public void AnUpdateThatChangesNoImpact_DoesNotSplitThePeriod()
    {
        var periods = Declare("SEV-3").Public(10, "investigating").Public(20, "identified").Internal(25).Public(30, "monitoring").Periods();

        Assert.Equal([new StatusPeriod("Checkout", M(10), null, ComponentStatus.DegradedPerformance)], periods);
    }

    [Fact]
    public void APublicUpdateAfterResolved_OpensANewPeriod()
    {
        var periods = Declare("SEV-2").Public(10, "investigating").Public(20, "resolved").Public(40, "investigating").Periods();

        Assert.Equal(
            [
                new StatusPeriod("Checkout", M(10), M(20), ComponentStatus.PartialOutage),
                new StatusPeriod("Checkout", M(40), null, ComponentStatus.PartialOutage),
            ],
            periods);
    }

    [Fact]
    public void APrivateIncident_GivesNoPeriods()
    {
        var story = Declare("SEV-1", isPrivate: true).Public(10, "investigating").Impact(20, ("Search", "major_outage"));

        Assert.Empty(story.Periods());
    }

    [Fact]
    public void AnIncidentOnNoComponentsServices_GivesNoPeriods()
    {
        Assert.Empty(Declare("SEV-1", service: "billing").Public(10, "investigating").Periods());
    }

    [Fact]
    public void AMaintenancesPeriod_RunsFromItsStart_ToItsEnd_OnEachComponent()
    {
        var created = Given.Now;
        var state = Maintenance.Evolve(null, 1, 1, new MaintenanceScheduled("Upgrade", "Words.", ["Checkout", "Search"], M(60), M(120)), "alice", created);
        Assert.Empty(Uptime.PeriodsOf(state));

        state = Maintenance.Evolve(state, 1, 2, new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), "firebreak", M(60));
        Assert.Equal(
            [new StatusPeriod("Checkout", M(60), null, ComponentStatus.UnderMaintenance), new StatusPeriod("Search", M(60), null, ComponentStatus.UnderMaintenance)],
            Uptime.PeriodsOf(state));

        state = Maintenance.Evolve(state, 1, 3, new MaintenanceProgressed(MaintenanceStatus.Verifying, null, false), "alice", M(90));
        Assert.All(Uptime.PeriodsOf(state), p => Assert.Null(p.To));

        state = Maintenance.Evolve(state, 1, 4, new MaintenanceProgressed(MaintenanceStatus.Completed, null, false), "alice", M(100));
        Assert.All(Uptime.PeriodsOf(state), p => Assert.Equal((M(60), M(100)), (p.From, p.To)));
    }

    [Fact]
    public void AMaintenanceCancelledAfterItStarted_RunsUntilTheCancel_AndOneCancelledBefore_GivesNone()
    {
        var scheduled = Maintenance.Evolve(null, 1, 1, new MaintenanceScheduled("Upgrade", "Words.", ["Checkout"], M(60), M(120)), "alice", Given.Now);
        var cancelledEarly = Maintenance.Evolve(scheduled, 1, 2, new MaintenanceCancelled("moved"), "alice", M(30));
        Assert.Empty(Uptime.PeriodsOf(cancelledEarly));

        var started = Maintenance.Evolve(scheduled, 1, 2, new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), "firebreak", M(60));
        var cancelledLate = Maintenance.Evolve(started, 1, 3, new MaintenanceCancelled("rolled back"), "alice", M(75));
        Assert.Equal([new StatusPeriod("Checkout", M(60), M(75), ComponentStatus.UnderMaintenance)], Uptime.PeriodsOf(cancelledLate));
    }

    [Fact]
    public void AnIncidentInsideAMaintenance_StillCountsAsDownTime()
    {
        var now = M(24 * 60);
        var maintenance = Maintenance.Evolve(null, 1, 1, new MaintenanceScheduled("Upgrade", "Words.", ["Checkout"], M(0), M(240)), "alice", Given.Now);
        maintenance = Maintenance.Evolve(maintenance, 1, 2, new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), "firebreak", M(0));
        maintenance = Maintenance.Evolve(maintenance, 1, 3, new MaintenanceProgressed(MaintenanceStatus.Completed, null, true), "firebreak", M(240));
        var incident = Declare("SEV-1").Public(60, "investigating").Public(204, "resolved");

        var periods = Uptime.PeriodsOf(maintenance).Concat(Uptime.PeriodsOf(Page, incident.Events, SeverityScale.Default));
        var uptime = Uptime.Of("Checkout", periods, [], UptimeWeights.Default, now);

        var day = Assert.Single(uptime.Days, d => d.Date == DateOnly.FromDateTime(Given.Now.UtcDateTime));
        Assert.True(day.Maintenance);
        Assert.Equal(ComponentStatus.MajorOutage, day.Worst);
        Assert.Equal(TimeSpan.FromMinutes(144), day.Down);
    }
}
