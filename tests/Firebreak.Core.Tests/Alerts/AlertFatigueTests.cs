using Firebreak.Core.Alerts;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.Alerts;

/// <summary>The alert-fatigue review: per rule, groups and firings against what came of them; noisy rules named for a person's word.</summary>
public sealed class AlertFatigueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private static AlertGroupState Group(long id, string alertname, long? incident = null, string? acknowledgedBy = null, int fired = 1, string integration = "prom") => new()
    {
        Id = id,
        Version = 2,
        Integration = integration,
        Key = "k" + id,
        Title = alertname + " is high",
        Labels = new Dictionary<string, string> { ["alertname"] = alertname },
        Status = AlertGroupStatus.Resolved,
        Fired = fired,
        OpenedAt = T0,
        UpdatedAt = T0,
        IncidentId = incident,
        AcknowledgedBy = acknowledgedBy,
        AcknowledgedAt = acknowledgedBy is null ? null : T0.AddMinutes(6),
    };

    private static readonly Dictionary<string, RuleReviewState> None = new();

    [Fact]
    public void ARuleThatFiresOftenWithoutAction_IsNoisy_OneThatLeadsToIncidents_IsNot()
    {
        var rules = AlertFatigue.Review(
            [Group(1, "CPUHigh", fired: 5), Group(2, "CPUHigh", fired: 3), Group(3, "CPUHigh", acknowledgedBy: "integration:pd"), Group(4, "Down", incident: 7), Group(5, "Down", incident: 8), Group(6, "Down", acknowledgedBy: "alice")],
            None, "2026-03");
        var cpu = rules[0];
        Assert.Equal(("prom/CPUHigh", 3, 9L, 3, true), (cpu.Rule, cpu.Groups, cpu.Fired, cpu.WithoutAction, cpu.Noisy));
        var down = rules[1];
        Assert.Equal(("prom/Down", 2, 1, 0, false), (down.Rule, down.LedToIncident, down.AcknowledgedByPeople, down.WithoutAction, down.Noisy));
        Assert.Equal(360, down.MeanSecondsToAcknowledge);
    }

    [Fact]
    public void FewGroups_AreNotNoisy_AndAReviewedRuleGoesAfterTheWaitingOnes()
    {
        Assert.False(AlertFatigue.Review([Group(1, "A"), Group(2, "A")], None, "2026-03")[0].Noisy);
        var reviewed = new Dictionary<string, RuleReviewState> { ["prom/A"] = new("prom/A", "2026-03", RuleVerdict.Tune, "raise to 90 %", "alice", T0, 1) };
        var rules = AlertFatigue.Review([Group(1, "A", fired: 9), Group(2, "A"), Group(3, "A"), Group(4, "B"), Group(5, "B"), Group(6, "B")], reviewed, "2026-03");
        Assert.Equal(["prom/B", "prom/A"], rules.Select(r => r.Rule));
        Assert.Equal(RuleVerdict.Tune, rules[1].Review!.Verdict);
        Assert.Null(AlertFatigue.Review([Group(1, "A")], reviewed, "2026-04")[0].Review);   // a review counts for its month
    }

    [Fact]
    public void PagerDutysClass_OrTheTitle_NamesTheRule()
    {
        var pd = Group(1, "x") with { Integration = "pd", Labels = new Dictionary<string, string> { ["class"] = "http-errors" } };
        Assert.Equal("pd/http-errors", AlertFatigue.RuleOf(pd));
        Assert.Equal("pd/x is high", AlertFatigue.RuleOf(pd with { Labels = new Dictionary<string, string>() }));
    }

    [Theory]
    [InlineData("prom/A", "2026-03", "tune", null)]
    [InlineData("prom/Z", "2026-03", "tune", "rule")]
    [InlineData("prom/A", "March", "tune", "month")]
    [InlineData("prom/A", "2026-03", "ignore", "verdict")]
    [InlineData("", "2026-03", "tune", "rule")]
    public void AReview_NamesAKnownRuleAMonthAndAVerdict(string rule, string month, string verdict, string? refused)
    {
        var decided = AlertFatigue.DecideReview(rule, month, verdict, "note", ["prom/A"], T0);
        if (refused is null)
        {
            Assert.Equal(new RuleReviewed("prom/A", "2026-03", RuleVerdict.Tune, "note"), Assert.Single(decided.Value));
        }
        else
        {
            Assert.Equal(refused, decided.Error switch { Invalid i => i.Field, NotFound => "rule", _ => "?" });
        }
    }
}
