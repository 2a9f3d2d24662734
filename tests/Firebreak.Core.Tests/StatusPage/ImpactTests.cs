using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>Stating an incident's impact per status page component: the parsing rules, the map it keeps, and the incident commands.</summary>
public sealed class ImpactTests
{
    private static readonly string[] Declared = ["API", "Web"];

    private static Dictionary<string, string?> Map(params (string Name, string? Status)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Status, StringComparer.Ordinal);

    private static Invalid Refused(IReadOnlyDictionary<string, string?>? given, IReadOnlyList<string> components)
    {
        var result = Impacts.Parse(given, components);
        Assert.False(result.IsSuccess, "The statement was accepted but should have been refused.");
        var invalid = Assert.IsType<Invalid>(result.Error);
        Assert.Equal("components", invalid.Field);
        return invalid;
    }

    private static DecisionContext WithComponents(double minute = 0) => Given.At(minute) with { Components = Declared };

    [Fact]
    public void Parse_ReadsEveryPair_InTheOrderGiven()
    {
        var result = Impacts.Parse(Map(("API", "major_outage"), ("Web", "degraded_performance")), Declared);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(
            [new ComponentImpact("API", ComponentStatus.MajorOutage), new ComponentImpact("Web", ComponentStatus.DegradedPerformance)],
            result.Value);
    }

    [Fact]
    public void Parse_AnUnknownComponent_IsRefused_AndTheMessageListsTheComponents()
    {
        var error = Refused(Map(("Payments", "major_outage")), Declared);

        Assert.Contains("'Payments'", error.Message);
        Assert.Contains("API, Web", error.Message);
    }

    [Fact]
    public void Parse_UnderMaintenance_IsNotAnImpactAnIncidentCanState()
    {
        var error = Refused(Map(("API", "under_maintenance")), Declared);

        Assert.Contains("under_maintenance", error.Message);
        Assert.Contains("operational, degraded_performance, partial_outage, major_outage", error.Message);
    }

    [Theory]
    [InlineData("broken")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("major outage")]
    public void Parse_AStatusThatIsNotAnImpact_IsRefused(string? status)
    {
        var error = Refused(Map(("API", status)), Declared);

        Assert.Contains("is not an impact for API", error.Message);
    }

    [Fact]
    public void Parse_NothingIsPartlyAccepted_OneBadPairRefusesTheWholeStatement()
    {
        Refused(Map(("API", "major_outage"), ("Web", "on_fire")), Declared);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("API")]
    [InlineData("  aPi ")]
    public void Parse_MatchesTheComponentInAnyCase_AndKeepsTheDeclaredSpelling(string given)
    {
        var result = Impacts.Parse(Map((given, "PARTIAL_OUTAGE")), Declared);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(new ComponentImpact("API", ComponentStatus.PartialOutage), Assert.Single(result.Value));
    }

    [Fact]
    public void Parse_TheSameComponentNamedTwiceInDifferentCase_IsRefused()
    {
        var error = Refused(Map(("api", "major_outage"), ("API", "partial_outage")), Declared);

        Assert.Equal("API is named twice.", error.Message);
    }

    [Fact]
    public void Parse_AnEmptyOrMissingStatement_IsRefused()
    {
        Assert.Contains("at least one component", Refused(Map(), Declared).Message);
        Assert.Contains("at least one component", Refused(null, Declared).Message);
    }

    [Fact]
    public void Parse_FiftyComponentsAreAllowed_FiftyOneAreNot()
    {
        var many = Enumerable.Range(1, Impacts.MaxPerStatement + 1).Select(i => $"C{i}").ToArray();
        var fifty = many.Take(Impacts.MaxPerStatement).ToDictionary(n => n, _ => (string?)"degraded_performance");
        var fiftyOne = many.ToDictionary(n => n, _ => (string?)"degraded_performance");

        var accepted = Impacts.Parse(fifty, many);
        Assert.True(accepted.IsSuccess, accepted.Error?.Message);
        Assert.Equal(Impacts.MaxPerStatement, accepted.Value.Count);

        var error = Refused(fiftyOne, many);
        Assert.Contains("51 components given; the limit is 50", error.Message);
    }

    [Fact]
    public void Parse_WithNoComponentsConfigured_IsRefused_AndSaysWhereToDeclareThem()
    {
        var error = Refused(Map(("API", "major_outage")), []);

        Assert.Contains("statusPage.components", error.Message);
    }

    [Fact]
    public void Apply_OperationalStaysStated_OthersAreSetOrReplaced_AndTheCurrentMapIsLeftAlone()
    {
        var current = new Dictionary<string, ComponentStatus> { ["API"] = ComponentStatus.MajorOutage, ["Web"] = ComponentStatus.PartialOutage };

        var next = Impacts.Apply(current, [
            new ComponentImpact("API", ComponentStatus.Operational),
            new ComponentImpact("Web", ComponentStatus.DegradedPerformance),
            new ComponentImpact("Search", ComponentStatus.MajorOutage),
        ]);

        Assert.Equal(
            new Dictionary<string, ComponentStatus> { ["API"] = ComponentStatus.Operational, ["Web"] = ComponentStatus.DegradedPerformance, ["Search"] = ComponentStatus.MajorOutage },
            next);
        Assert.Equal(ComponentStatus.MajorOutage, current["API"]);
        Assert.Equal(2, current.Count);
    }

    [Fact]
    public void Apply_OperationalOnAComponentNotOnTheMap_StatesIt()
    {
        var next = Impacts.Apply(new Dictionary<string, ComponentStatus>(), [new ComponentImpact("API", ComponentStatus.Operational)]);

        Assert.Equal(new Dictionary<string, ComponentStatus> { ["API"] = ComponentStatus.Operational }, next);
    }

    [Fact]
    public void Describe_PutsEachImpactInPlainWords()
    {
        Assert.Equal(
            "API major outage, Web degraded performance",
            Impacts.Describe([new ComponentImpact("API", ComponentStatus.MajorOutage), new ComponentImpact("Web", ComponentStatus.DegradedPerformance)]));
        Assert.Equal(string.Empty, Impacts.Describe([]));
        Assert.Equal("operational", Impacts.Words(ComponentStatus.Operational));
    }

    [Fact]
    public void StateImpact_RecordsTheImpact_AndTheStateHoldsIt()
    {
        var state = Given.Incident(Given.Declaration());

        var events = Given.Events(state, new StateImpact(Map(("api", "major_outage"), ("Web", "degraded_performance"))), WithComponents());
        var stated = Assert.Single(events.OfType<ImpactStated>());
        Assert.Equal([new ComponentImpact("API", ComponentStatus.MajorOutage), new ComponentImpact("Web", ComponentStatus.DegradedPerformance)], stated.Components);

        state = Given.Record(state, events, WithComponents());
        Assert.Equal(
            new Dictionary<string, ComponentStatus> { ["API"] = ComponentStatus.MajorOutage, ["Web"] = ComponentStatus.DegradedPerformance },
            state.ComponentImpact);
    }

    [Fact]
    public void StateImpact_RecordsOnlyWhatChanges()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), new StateImpact(Map(("API", "major_outage"))), WithComponents());

        // API stays major (no change); Web goes from nothing to partial.
        var events = Given.Events(state, new StateImpact(Map(("API", "major_outage"), ("Web", "partial_outage"))), WithComponents(1));

        var stated = Assert.Single(events.OfType<ImpactStated>());
        Assert.Equal([new ComponentImpact("Web", ComponentStatus.PartialOutage)], stated.Components);
    }

    [Fact]
    public void StateImpact_AStatementThatChangesNothing_RecordsNoEvent()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), new StateImpact(Map(("API", "major_outage"))), WithComponents());

        // The same impact again, and operational for a component that has none.
        Assert.Empty(Given.Events(state, new StateImpact(Map(("API", "major_outage"), ("Web", "operational"))), WithComponents(1)));
    }

    [Fact]
    public void StateImpact_OperationalForAComponentWithAnImpact_IsRecorded_AndStaysStatedAsOperational()
    {
        var state = Given.Apply(Given.Incident(Given.Declaration()), new StateImpact(Map(("API", "major_outage"), ("Web", "partial_outage"))), WithComponents());

        var events = Given.Events(state, new StateImpact(Map(("API", "operational"))), WithComponents(1));
        Assert.Equal([new ComponentImpact("API", ComponentStatus.Operational)], Assert.Single(events.OfType<ImpactStated>()).Components);

        state = Given.Record(state, events, WithComponents(1));
        Assert.Equal(new Dictionary<string, ComponentStatus> { ["API"] = ComponentStatus.Operational, ["Web"] = ComponentStatus.PartialOutage }, state.ComponentImpact);
    }

    [Fact]
    public void StateImpact_IsCheckedAgainstTheContextsComponents()
    {
        var state = Given.Incident(Given.Declaration());

        var unknown = Given.Rejection<Invalid>(state, new StateImpact(Map(("Payments", "major_outage"))), WithComponents());
        Assert.Equal("components", unknown.Field);

        var none = Given.Rejection<Invalid>(state, new StateImpact(Map(("API", "major_outage"))), Given.As());
        Assert.Contains("no components", none.Message);
    }

    [Fact]
    public void Declare_WithComponents_RecordsTheImpactRightAfterTheDeclaration()
    {
        var declare = Given.Declaration() with { Components = Map(("web", "partial_outage"), ("API", "operational")) };

        var events = Given.Events(null, declare, WithComponents());

        Assert.IsType<IncidentDeclared>(events[0]);
        var at = events.ToList().FindIndex(e => e is ImpactStated);
        Assert.True(at > 0, "No ImpactStated after the declaration.");
        var stated = (ImpactStated)events[at];
        // Everything stated is recorded, in the declared spelling; operational says the component is fine.
        Assert.Equal([new ComponentImpact("Web", ComponentStatus.PartialOutage), new ComponentImpact("API", ComponentStatus.Operational)], stated.Components);

        var state = Given.Record(null, events, WithComponents());
        Assert.Equal(new Dictionary<string, ComponentStatus> { ["Web"] = ComponentStatus.PartialOutage, ["API"] = ComponentStatus.Operational }, state.ComponentImpact);
    }

    [Fact]
    public void Declare_WithOnlyOperationalComponents_StatesThemFine()
    {
        var events = Given.Events(null, Given.Declaration() with { Components = Map(("API", "operational")) }, WithComponents());

        Assert.Equal([new ComponentImpact("API", ComponentStatus.Operational)], Assert.Single(events.OfType<ImpactStated>()).Components);
    }

    [Fact]
    public void Declare_WithABadImpact_RefusesTheWholeDeclaration()
    {
        var error = Given.Rejection<Invalid>(null, Given.Declaration() with { Components = Map(("API", "under_maintenance")) }, WithComponents());

        Assert.Equal("components", error.Field);
    }

    [Fact]
    public void Declare_WithoutComponents_RecordsNoImpact()
    {
        var events = Given.Events(null, Given.Declaration(), WithComponents());

        Assert.DoesNotContain(events, e => e is ImpactStated);
    }

    [Fact]
    public void StateImpact_OnAClosedIncident_IsRefused()
    {
        var resolved = Given.Resolve(Given.Incident(Given.Declaration()), 10);
        var closed = Given.ApplyAt(resolved, 20, new ChangeStatus("closed", null));
        Assert.True(Lifecycle.IsFinal(closed.Status));

        var error = Given.Rejection<Invalid>(closed, new StateImpact(Map(("API", "major_outage"))), WithComponents(30));

        Assert.Equal("status", error.Field);
        Assert.Contains("closed", error.Message);
    }

    [Fact]
    public void StateImpact_OnADeclinedIncident_IsRefused()
    {
        var declined = Given.Apply(Given.Incident(Given.Declaration(status: "triage")), new DeclineIncident("false alarm"), Given.As());
        Assert.True(Lifecycle.IsFinal(declined.Status));

        var error = Given.Rejection<Invalid>(declined, new StateImpact(Map(("API", "major_outage"))), WithComponents());

        Assert.Equal("status", error.Field);
    }

    [Fact]
    public void StateImpact_OnAResolvedIncident_IsStillTaken_BecauseResolvedIsNotFinal()
    {
        var resolved = Given.Resolve(Given.Apply(Given.Incident(Given.Declaration()), new StateImpact(Map(("API", "major_outage"))), WithComponents()), 10);
        Assert.False(Lifecycle.IsFinal(resolved.Status));

        var events = Given.Events(resolved, new StateImpact(Map(("API", "operational"))), WithComponents(20));

        Assert.Single(events.OfType<ImpactStated>());
    }
}
