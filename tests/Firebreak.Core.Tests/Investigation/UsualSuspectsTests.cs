using Firebreak.Core.Changes;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Investigation;

/// <summary>
/// A major incident (SEV-1 or SEV-2) gets the usual-suspects checklist once: after it is declared at a
/// major level or raised into one; the items about changes name the changes the caller looked up.
/// </summary>
public sealed class UsualSuspectsTests
{
    private static Change Recorded(ChangeKind kind, string summary, double minutes, long id = 1) =>
        new(id, kind, ["checkout"], summary, null, Given.Minute(minutes), null, "alice", Given.Now);

    private static ChecklistAdded? Opened(IncidentState state, IReadOnlyList<Change>? changes = null) =>
        Given.Events(state, new OpenUsualSuspects(changes), "firebreak").OfType<ChecklistAdded>().SingleOrDefault(c => c.Name == UsualSuspects.Name);

    private static IncidentState Declared(string severity) => Given.Incident(Given.Declaration(severity: severity));

    [Theory]
    [InlineData("SEV-1")]
    [InlineData("SEV-2")]
    [InlineData("P0")]
    public void DeclaredAtAMajorLevel_IsDue_AndOpensTheUsualSuspects(string severity)
    {
        var state = Declared(severity);
        Assert.True(UsualSuspects.Due(state, SeverityScale.Default));

        var opened = Opened(state);

        Assert.NotNull(opened);
        Assert.Equal(
            ["Recent deploys", "Config changes", "Dependencies and third-party status", "Certificates", "DNS", "Resource exhaustion", "Traffic pattern", "Database"],
            opened.Items.Select(i => i[..i.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData("SEV-3")]
    [InlineData("SEV-4")]
    public void DeclaredBelowSev2_IsNotDue_AndOpensNothing(string severity)
    {
        var state = Declared(severity);

        Assert.False(UsualSuspects.Due(state, SeverityScale.Default));
        Assert.Null(Opened(state));
        Assert.Empty(Given.Apply(state, new OpenUsualSuspects([]), Given.As("firebreak")).Checklists);
    }

    [Fact]
    public void RaisedFromSev3ToSev2_IsDue_AndOpensIt()
    {
        var state = Given.Apply(Declared("SEV-3"), new ChangeSeverity("SEV-2", "more regions"), Given.As());

        Assert.True(UsualSuspects.Due(state, SeverityScale.Default));
        Assert.NotNull(Opened(state));
    }

    [Fact]
    public void Opened_NeverOpensTwice_NotOnARaiseNorAfterLoweringAndRaisingAgain()
    {
        var state = Given.Apply(Declared("SEV-2"), new OpenUsualSuspects([]), Given.As("firebreak"));

        Assert.Null(Opened(state));
        state = Given.Incident(Given.Declaration(severity: "SEV-2"), new OpenUsualSuspects([]), new ChangeSeverity("SEV-1", "all regions"));
        Assert.False(UsualSuspects.Due(state, SeverityScale.Default));
        state = Given.Apply(Given.Apply(state, new ChangeSeverity("SEV-3", "contained"), Given.As()), new ChangeSeverity("SEV-2", "spreading again"), Given.As());
        Assert.False(UsualSuspects.Due(state, SeverityScale.Default));
        Assert.Null(Opened(state));
        Assert.Single(state.Checklists);
    }

    [Fact]
    public void LoweredBeforeItOpened_OpensNothing()
    {
        var state = Given.Apply(Declared("SEV-2"), new ChangeSeverity("SEV-3", "one region only"), Given.As());

        Assert.Null(Opened(state));
    }

    [Fact]
    public void Items_NameTheChangesGiven_AgainstTheStart()
    {
        var items = Opened(Declared("SEV-1"),
        [
            Recorded(ChangeKind.FeatureFlag, "checkout-v2 on for 50%", -10, 3),
            Recorded(ChangeKind.Deploy, "deployed checkout v413", -42, 2),
            Recorded(ChangeKind.Config, "pool size 20 → 10", -125, 1),
        ])!.Items;

        Assert.Equal("Recent deploys: deploy 'deployed checkout v413' 42 min before start", items[0]);
        Assert.Equal("Config changes: feature-flag 'checkout-v2 on for 50%' 10 min before start; config 'pool size 20 → 10' 2 h 5 min before start", items[1]);
        Assert.Equal("Certificates: check expiry and chain on every endpoint in the request path", items[3]);
    }

    [Fact]
    public void Items_AreAgainstTheIncidentsStart_NotTheMomentItOpens()
    {
        var state = Given.Incident(Given.Declaration(severity: "SEV-3") with { StartedAt = Given.Minute(-20) }, new ChangeSeverity("SEV-2", "more regions"));

        Assert.Equal("Recent deploys: deploy 'deployed checkout v413' 42 min before start", Opened(state, [Recorded(ChangeKind.Deploy, "deployed checkout v413", -62)])!.Items[0]);
    }

    [Fact]
    public void Items_WithNoChangeRecorded_SayNoneWasRecorded()
    {
        var items = Opened(Declared("SEV-2"), [])!.Items;

        Assert.Equal("Recent deploys: none recorded for checkout from 24 h before start; check the deploy log", items[0]);
        Assert.StartsWith("Config changes: none recorded for checkout from 24 h before start; ", items[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Items_WhenChangesWereNotLookedUp_SayWhatToCheck() =>
        Assert.Equal("Recent deploys: check the deploy log", Opened(Declared("SEV-2"), null)!.Items[0]);

    [Fact]
    public void Items_ForAnIncidentWithoutServices_SayNothingCouldBeMatched()
    {
        var state = Given.Incident(new DeclareIncident("Everything is down", "SEV-1", null, null, null, null, false, null, null));

        Assert.EndsWith("the incident names no service, so no recorded change could be matched to it", Opened(state, [])!.Items[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Items_WithManyChanges_NameThreeAndCountTheRest()
    {
        var deploys = Enumerable.Range(1, 5).Select(n => Recorded(ChangeKind.Deploy, $"deployed v{n}", -n, n)).ToList();

        Assert.Equal(
            "Recent deploys: deploy 'deployed v1' 1 min before start; deploy 'deployed v2' 2 min before start; deploy 'deployed v3' 3 min before start; and 2 more in What changed",
            Opened(Declared("SEV-2"), deploys)!.Items[0]);
    }

    [Fact]
    public void Tick_LandsOnTheTimeline()
    {
        var state = Given.Apply(Declared("SEV-1"), new OpenUsualSuspects([]), Given.As("firebreak"));

        var ticked = Assert.Single(Given.Events(state, new CheckChecklistItem("usual-suspects", 5)));

        Assert.Equal(new ChecklistItemChecked(UsualSuspects.Name, 5), ticked);
        Assert.Equal("Checklist 'usual-suspects' item 5 done", TimelineText.Describe(ticked));
        Assert.Equal([5], Given.Apply(state, new CheckChecklistItem("Usual-Suspects", 5), Given.As()).Checklists.Single().Done);
    }
}
