using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Tests.Incidents;
using static Firebreak.Core.Tests.StatusPage.IncidentStory;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>What decides a component's status on the page: set by hand, else its incidents, else maintenance, else operational.</summary>
public sealed class BoardPrecedenceTests
{
    private static readonly DateTimeOffset Now = Given.Minute(60);

    private static MaintenanceState MaintenanceOf(long id, DateTimeOffset starts, params (IStatusPageEvent Event, DateTimeOffset At)[] later)
    {
        var state = Maintenance.Evolve(null, id, 1, new MaintenanceScheduled($"Upgrade {id}", "Words.", ["Checkout"], starts, starts.AddHours(2)), "alice", Given.Minute(-600));
        foreach (var (e, at) in later)
        {
            state = Maintenance.Evolve(state, id, state.Version + 1, e, "alice", at);
        }

        return state;
    }

    private static MaintenanceState Active(long id = 1, MaintenanceStatus step = MaintenanceStatus.InProgress) =>
        MaintenanceOf(id, Given.Minute(0), (new MaintenanceProgressed(step, null, false), Given.Minute(0)));

    private static HandStatus Hand(ComponentStatus status) => new(status, "set by hand", "admin", Given.Minute(30));

    private static StatusBoard Build(
        IEnumerable<IncidentStory> incidents,
        IReadOnlyList<MaintenanceState>? maintenances = null,
        IReadOnlyDictionary<string, HandStatus>? hand = null) =>
        StatusBoard.Build(Page, incidents.Select(i => i.Told), SeverityScale.Default, Now, maintenances, hand);

    private static ComponentState StateOf(StatusBoard board, string name) => Assert.Single(board.Components, c => c.Component.Name == name);

    [Theory]
    [InlineData(ComponentStatus.PartialOutage)]
    [InlineData(ComponentStatus.Operational)]
    [InlineData(ComponentStatus.DegradedPerformance)]
    public void AStatusSetByHand_WinsOverTheIncidentsImpact(ComponentStatus set)
    {
        var hand = new Dictionary<string, HandStatus> { ["Checkout"] = Hand(set) };

        var board = Build([Declare("SEV-1").Public(10, "investigating")], hand: hand);

        var checkout = StateOf(board, "Checkout");
        Assert.Equal(set, checkout.Status);
        Assert.Equal(hand["Checkout"], checkout.Hand);
        Assert.Null(StateOf(board, "Search").Hand);
    }

    [Fact]
    public void TheOverallStatus_FollowsAStatusSetByHand_OverThatComponentsIncident()
    {
        var hand = new Dictionary<string, HandStatus> { ["Checkout"] = Hand(ComponentStatus.Operational) };

        var board = Build([Declare("SEV-1").Public(10, "investigating")], hand: hand);

        Assert.Equal(ComponentStatus.Operational, board.Overall);
        Assert.True(Assert.Single(board.Incidents).IsActive);
    }

    [Theory]
    [InlineData("SEV-1", ComponentStatus.MajorOutage)]
    [InlineData("SEV-3", ComponentStatus.DegradedPerformance)]
    public void AnActiveIncidentOnNoComponent_StillCountsForTheOverallStatus(string severity, ComponentStatus expected)
    {
        var board = Build([Declare(severity, service: "billing").Public(10, "investigating")]);

        Assert.All(board.Components, c => Assert.Equal(ComponentStatus.Operational, c.Status));
        Assert.Empty(Assert.Single(board.Incidents).Affected);
        Assert.Equal(expected, board.Overall);
    }

    [Fact]
    public void TheOverallStatus_IsTheWorstOfTheComponents_AndOfIncidentsOnNone()
    {
        var board = Build(
        [
            Declare("SEV-3", id: 1).Public(10, "investigating"),
            Declare("SEV-2", service: "billing", id: 2).Public(10, "investigating"),
        ]);

        Assert.Equal(ComponentStatus.PartialOutage, board.Overall);
    }

    [Fact]
    public void AStatusSetByHand_WinsOverMaintenance()
    {
        var board = Build([], [Active()], new Dictionary<string, HandStatus> { ["Checkout"] = Hand(ComponentStatus.Operational) });

        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
    }

    [Theory]
    [InlineData("SEV-1", ComponentStatus.MajorOutage)]
    [InlineData("SEV-2", ComponentStatus.PartialOutage)]
    [InlineData("SEV-3", ComponentStatus.DegradedPerformance)]
    public void AnIncidentsImpact_WinsOverMaintenance(string severity, ComponentStatus expected)
    {
        var board = Build([Declare(severity).Public(10, "investigating")], [Active()]);

        Assert.Equal(expected, StateOf(board, "Checkout").Status);
    }

    [Theory]
    [InlineData(MaintenanceStatus.InProgress)]
    [InlineData(MaintenanceStatus.Verifying)]
    public void AnActiveMaintenance_PutsItsComponentsUnderMaintenance(MaintenanceStatus step)
    {
        var board = Build([], [Active(step: step)]);

        Assert.Equal(ComponentStatus.UnderMaintenance, StateOf(board, "Checkout").Status);
        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Search").Status);
        Assert.Equal(ComponentStatus.UnderMaintenance, board.Overall);
        Assert.Equal("Service Under Maintenance", StatusBoard.Describe(board.Overall));
    }

    [Fact]
    public void AScheduledMaintenanceNotYetStarted_DoesNotChangeTheStatus_ButIsListed()
    {
        var coming = MaintenanceOf(1, Given.Minute(120));

        var board = Build([], [coming]);

        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
        Assert.Equal(ComponentStatus.Operational, board.Overall);
        Assert.Equal([coming], board.Maintenances);
    }

    [Fact]
    public void ACompletedMaintenance_NoLongerChangesTheStatus()
    {
        var done = MaintenanceOf(1, Given.Minute(0), (new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), Given.Minute(0)), (new MaintenanceProgressed(MaintenanceStatus.Completed, null, false), Given.Minute(50)));

        var board = Build([], [done]);

        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
        Assert.Equal([done], board.Maintenances);
    }

    [Fact]
    public void AMaintenanceCancelledBeforeItStarted_IsLeftOut_OneCancelledAfter_IsKept_NewestWindowFirst()
    {
        var cancelledBefore = MaintenanceOf(1, Given.Minute(120), (new MaintenanceCancelled("moved"), Given.Minute(10)));
        var cancelledAfter = MaintenanceOf(2, Given.Minute(0), (new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), Given.Minute(0)), (new MaintenanceCancelled("rolled back"), Given.Minute(20)));
        var coming = MaintenanceOf(3, Given.Minute(600));

        var board = Build([], [cancelledBefore, cancelledAfter, coming]);

        Assert.Equal([3L, 2L], board.Maintenances.Select(m => m.Id));
        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
    }

    [Fact]
    public void AResolvedIncident_GivesTheComponentBackToTheMaintenance()
    {
        var board = Build([Declare("SEV-1").Public(10, "investigating").Public(20, "resolved")], [Active()]);

        Assert.Equal(ComponentStatus.UnderMaintenance, StateOf(board, "Checkout").Status);
    }

    [Fact]
    public void AStatedImpact_ReplacesTheSeverityOnTheServicesComponents()
    {
        var board = Build([Declare("SEV-1").Public(10, "investigating").Impact(20, ("Search", "partial_outage"))]);

        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
        Assert.Equal(ComponentStatus.PartialOutage, StateOf(board, "Search").Status);
        var incident = Assert.Single(board.Incidents);
        Assert.Equal(["Search"], incident.Components);
        Assert.Equal(ComponentStatus.PartialOutage, incident.Impact);
    }

    [Fact]
    public void TheWorstActiveIncident_DecidesAComponent_WithStatedAndSeverityImpactsMixed()
    {
        var board = Build(
        [
            Declare("SEV-3", id: 1).Public(10, "investigating"),
            Declare("SEV-4", id: 2).Public(15, "investigating").Impact(20, ("Checkout", "partial_outage")),
        ]);

        Assert.Equal(ComponentStatus.PartialOutage, StateOf(board, "Checkout").Status);
    }

    [Fact]
    public void AffectedBy_ReadsTheStatedImpact_InThePagesOrder_AndIgnoresNamesThePageDoesNotHave()
    {
        var state = Declare("SEV-1").State with
        {
            ComponentImpact = new Dictionary<string, ComponentStatus> { ["Search"] = ComponentStatus.DegradedPerformance, ["Retired"] = ComponentStatus.MajorOutage, ["Checkout"] = ComponentStatus.PartialOutage },
        };

        var affected = StatusBoard.AffectedBy(Page, state, SeverityScale.Default);

        Assert.Equal([new ComponentImpact("Checkout", ComponentStatus.PartialOutage), new ComponentImpact("Search", ComponentStatus.DegradedPerformance)], affected);
    }

    [Theory]
    [InlineData("SEV-1", ComponentStatus.MajorOutage)]
    [InlineData("SEV-2", ComponentStatus.PartialOutage)]
    [InlineData("SEV-3", ComponentStatus.DegradedPerformance)]
    [InlineData("SEV-4", ComponentStatus.DegradedPerformance)]
    public void AffectedBy_WithoutAStatedImpact_IsTheSeveritysImpactOnTheServicesComponents(string severity, ComponentStatus expected)
    {
        var affected = StatusBoard.AffectedBy(Page, Declare(severity, service: "SEARCH").State, SeverityScale.Default);

        Assert.Equal([new ComponentImpact("Search", expected)], affected);
    }

    /// <summary>
    /// Stating a component operational "takes it off" the incident's impact. When that empties the
    /// stated impact, the incident was still stated to affect nothing, and the component should show
    /// operational; instead the page falls back to the severity's impact on the services' components.
    /// </summary>
    [Fact]
    public void StatingTheOnlyAffectedComponentOperational_ShowsItOperational()
    {
        var story = Declare("SEV-2").Public(10, "investigating").Impact(20, ("Checkout", "major_outage")).Impact(30, ("Checkout", "operational"));
        Assert.Equal(ComponentStatus.Operational, story.State.ComponentImpact["Checkout"]);

        var board = Build([story]);

        Assert.Equal(ComponentStatus.Operational, StateOf(board, "Checkout").Status);
    }

    /// <summary>
    /// The same gap from the other side: while no impact is stated, the page shows the severity's
    /// impact on the services' components; stating one of them operational records nothing (it is
    /// "not on the map"), so the page keeps showing it down.
    /// </summary>
    [Fact]
    public void StatingOperational_ForAComponentShownDownBySeverity_TakesItOffThePage()
    {
        var story = Declare("SEV-1").Public(10, "investigating");
        Assert.Equal(ComponentStatus.MajorOutage, StateOf(Build([story]), "Checkout").Status);

        story.Impact(20, ("Checkout", "operational"));

        Assert.Equal(ComponentStatus.Operational, StateOf(Build([story]), "Checkout").Status);
    }
}
