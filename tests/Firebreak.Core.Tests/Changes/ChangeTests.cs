using Firebreak.Core.Changes;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Core.Tests.Changes;

/// <summary>Recording a change: every field read strictly and refused by name, services in lower case once each, the time not ahead of the clock.</summary>
public sealed class ChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static RecordChange Valid => new("deploy", ["checkout"], "deployed checkout v413", "https://ci.example.com/runs/413", "2026-12-04T08:18:00Z", "github-actions");

    [Theory]
    [InlineData("kind", "rollout", "checkout", "deployed", null, null, null)]
    [InlineData("services", "deploy", null, "deployed", null, null, null)]
    [InlineData("services", "deploy", " ", "deployed", null, null, null)]
    [InlineData("services", "deploy", "check\nout", "deployed", null, null, null)]
    [InlineData("summary", "deploy", "checkout", null, null, null, null)]
    [InlineData("summary", "deploy", "checkout", "   ", null, null, null)]
    [InlineData("summary", "deploy", "checkout", "two\nlines", null, null, null)]
    [InlineData("summary", "deploy", "checkout", "deployed \u202Ev413", null, null, null)]
    [InlineData("link", "deploy", "checkout", "deployed", "javascript:alert(1)", null, null)]
    [InlineData("link", "deploy", "checkout", "deployed", "ftp://ci.example.com/413", null, null)]
    [InlineData("link", "deploy", "checkout", "deployed", "ci.example.com/runs/413", null, null)]
    [InlineData("at", "deploy", "checkout", "deployed", null, "yesterday", null)]
    [InlineData("at", "deploy", "checkout", "deployed", null, "2026-12-04T09:06:00Z", null)]
    [InlineData("at", "deploy", "checkout", "deployed", null, "1999-01-01T00:00:00Z", null)]
    [InlineData("at", "deploy", "checkout", "deployed", null, "-5m", null)]
    [InlineData("source", "deploy", "checkout", "deployed", null, null, "ci\tbot")]
    public void AFieldThatCannotBeRead_IsRefusedByName(string field, string? kind, string? service, string? summary, string? link, string? at, string? source)
    {
        var refused = Change.Decide(new RecordChange(kind, service is null ? null : [service], summary, link, at, source), Now);
        Assert.Equal(field, Assert.IsType<Invalid>(refused.Error).Field);
    }

    [Fact]
    public void ASummaryLongerThanPagerDutysLimit_IsRefused()
    {
        var refused = Change.Decide(Valid with { Summary = new string('x', Change.MaxSummary + 1) }, Now);
        Assert.Equal("summary", Assert.IsType<Invalid>(refused.Error).Field);
        Assert.True(Change.Decide(Valid with { Summary = new string('x', Change.MaxSummary) }, Now).IsSuccess);
    }

    [Fact]
    public void AValidChange_KeepsEveryField()
    {
        var r = Change.Decide(Valid, Now).Value;
        Assert.Equal(
            (ChangeKind.Deploy, "deployed checkout v413", "https://ci.example.com/runs/413", Now.AddMinutes(-42), "github-actions"),
            (r.Kind, r.Summary, r.Link, r.At, r.Source));
        Assert.Equal(["checkout"], r.Services);
    }

    [Fact]
    public void Services_AreLowerCase_OnceEach_AndTheDefaultsAreOtherAndNow()
    {
        var recorded = Change.Decide(new RecordChange(null, ["Checkout", "checkout", " Payments "], "  flipped new-cart  ", null, null, "  "), Now).Value;
        Assert.Equal(ChangeKind.Other, recorded.Kind);
        Assert.Equal(["checkout", "payments"], recorded.Services);
        Assert.Equal("flipped new-cart", recorded.Summary);
        Assert.Equal(Now, recorded.At);
        Assert.Null(recorded.Link);
        Assert.Null(recorded.Source);
    }

    [Theory]
    [InlineData("feature-flag", ChangeKind.FeatureFlag)]
    [InlineData("CONFIG", ChangeKind.Config)]
    [InlineData("other", ChangeKind.Other)]
    public void Kinds_AreReadByTheirWireNames(string kind, ChangeKind expected) =>
        Assert.Equal(expected, Change.Decide(Valid with { Kind = kind }, Now).Value.Kind);

    [Theory]
    [InlineData("15m", -15)]
    [InlineData("2h", -120)]
    [InlineData("1d", -1440)]
    [InlineData("now", 0)]
    [InlineData("2026-12-04T09:04:00Z", 4)]
    [InlineData("2026-12-04T10:00:00+01:00", 0)]
    [InlineData("2026-12-04T08:30:00", -30)]
    public void Times_AreInstantsOrHowLongAgo_AndALittleAheadIsAllowed(string at, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), Change.Decide(Valid with { At = at }, Now).Value.At);

    [Theory]
    [InlineData(-42, "42 min before start")]
    [InlineData(-125, "2 h 5 min before start")]
    [InlineData(-120, "2 h before start")]
    [InlineData(0, "at the start")]
    [InlineData(3, "3 min after start")]
    public void RelativeToStart_SaysHowLongBeforeOrAfter(int minutes, string expected) =>
        Assert.Equal(expected, ChangeWindow.RelativeToStart(Now.AddMinutes(minutes), Now));

    [Theory]
    [InlineData("service", "check\u0007out", null, null, null)]
    [InlineData("since", null, "last week", null, null)]
    [InlineData("until", null, "1h", "2h", null)]
    [InlineData("limit", null, null, null, "0")]
    [InlineData("limit", null, null, null, "501")]
    public void AListFilterThatCannotBeRead_IsRefusedByName(string field, string? service, string? since, string? until, string? limit) =>
        Assert.Equal(field, Assert.IsType<Invalid>(ChangeQuery.Parse(service, since, until, limit, Now).Error).Field);

    [Fact]
    public void AList_DefaultsToTheLast24Hours_OnEveryService()
    {
        var query = ChangeQuery.Parse(null, null, null, null, Now).Value;
        Assert.Equal((Now.AddHours(-24), (DateTimeOffset?)null, ChangeQuery.DefaultLimit), (query.Since, query.Until, query.Limit));
        Assert.Empty(query.Services);
        Assert.Equal(["checkout", "payments"], ChangeQuery.Parse("Checkout, payments", "7d", "1h", "10", Now).Value.Services);
    }

    [Fact]
    public void TheIncidentWindow_StartsADayBeforeTheStart_AndNeedsAService()
    {
        Assert.Equal(TimeSpan.FromHours(24), ChangeWindow.Before);
        Assert.Null(ChangeWindow.ForTriage([" "], Now));
        var query = ChangeWindow.ForTriage(["Checkout"], Now)!;
        Assert.Equal(["checkout"], query.Services);
        Assert.Equal((Now.AddHours(-24), (DateTimeOffset?)null), (query.Since, query.Until));
    }

    [Fact]
    public void Triage_WithRecentChanges_SuggestsYesAndNamesThem_WithoutMovingTheSeverity()
    {
        var answers = new TriageAnswers { UsersAffected = UsersAffected.Some, CoreFeatureBroken = Answer.Yes, Workaround = Answer.Yes, DataLoss = Answer.No, SecurityBreach = Answer.No };
        var plain = TriageAssistant.Suggest(answers, SeverityScale.Default);
        var change = Change.From(3, Change.Decide(Valid, Now).Value, "ci", Now);

        var suggested = TriageAssistant.WithChanges(plain, answers, [change]);

        Assert.Equal((plain.Severity, Answer.Yes), (suggested.Severity, suggested.SuggestedRecentChange));
        Assert.Equal([change], suggested.RecentChanges);
        Assert.Contains("deploy \"deployed checkout v413\" (CHG-3)", suggested.Advice[0], StringComparison.Ordinal);
        Assert.Null(TriageAssistant.WithChanges(plain, answers with { RecentChange = Answer.No }, [change]).SuggestedRecentChange);
        Assert.Same(plain, TriageAssistant.WithChanges(plain, answers, []));
    }
}
