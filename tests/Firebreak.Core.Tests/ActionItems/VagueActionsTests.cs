using Firebreak.Core.ActionItems;

namespace Firebreak.Core.Tests.ActionItems;

/// <summary>The action-item check: vague or too-short titles, and a missing owner, due date or type, each named.</summary>
public sealed class VagueActionsTests
{
    private static readonly DateOnly Due = new(2026, 12, 18);

    private static IReadOnlyList<ActionFinding> Titled(string title) => VagueActions.Check(title, "alice", Due, ActionType.Prevent);

    [Theory]
    [InlineData("Improve monitoring", "improve")]
    [InlineData("Improve monitoring of the checkout service", "Improve")]
    [InlineData("Improve the retry loop", "Improve")]
    [InlineData("Be more careful when deploying on Fridays", "Be more careful")]
    [InlineData("Everyone should be careful with prod credentials", "be careful")]
    [InlineData("Look into the connection pool exhaustion", "Look into")]
    [InlineData("Investigate", "Investigate")]
    [InlineData("Investigate why checkout returned 5xx for 5 minutes", "Investigate")]
    [InlineData("Consider adding a circuit breaker to payments", "Consider")]
    [InlineData("Try to reduce deploy frequency on weekends", "Try to")]
    [InlineData("Make sure backups work", "Make sure")]
    [InlineData("Better alerting for the payments API", "Better")]
    [InlineData("Do more testing before release", "more testing")]
    [InlineData("Add more tests to the billing service", "more tests")]
    [InlineData("Pay more attention to disk usage warnings", "Pay more attention")]
    [InlineData("On-call must pay attention to the queue depth", "pay attention")]
    [InlineData("Double-check the firewall rules before applying", "Double-check")]
    [InlineData("Double check config changes", "Double check")]
    [InlineData("Be aware of the cache warm-up time", "Be aware")]
    [InlineData("Raise awareness of the change freeze", "Raise awareness")]
    [InlineData("Revisit the failover design", "Revisit")]
    [InlineData("Think about rate limits for the public API", "Think about")]
    [InlineData("Monitor the queue more closely", "Monitor the queue more closely")]
    [InlineData("Monitor more closely after deploys", "Monitor more closely")]
    [InlineData("Explore a second DNS provider", "Explore")]
    [InlineData("Take extra care during database migrations", "extra care")]
    [InlineData("Improvements to incident communication", "Improvements")]
    public void Check_VagueTitle_IsFlaggedAsVagueNamingTheWords(string title, string words)
    {
        var finding = Assert.Single(Titled(title));

        Assert.Equal("vague", finding.Rule);
        Assert.Contains($"\"{words}\"", finding.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(finding.Fix);
    }

    [Theory]
    [InlineData("Add an alert on checkout 5xx rate above 2% for 5 minutes")]
    [InlineData("Improve the retry loop to back off exponentially with a 30 s cap")]
    [InlineData("Improve monitoring of checkout latency with an alert at p99 above 800 ms")]
    [InlineData("Improve the payment client by adding a timeout")]
    [InlineData("Better connection handling with a circuit breaker after 5 failures")]
    [InlineData("Make sure the restore job runs weekly against a fresh host")]
    [InlineData("Double-check migrations in CI with a schema check before merge")]
    [InlineData("Monitor the queue more closely: page when depth exceeds 10000")]
    [InlineData("Add more tests covering the refund path until coverage reaches 80%")]
    [InlineData("Write a runbook for the failover")]
    [InlineData("Add a lint rule rejecting DELETE without WHERE")]
    [InlineData("Put the new checkout flow behind a feature flag")]
    [InlineData("Rate limit the login endpoint to 10 requests per minute per IP")]
    [InlineData("Retry to the secondary region when the primary times out")]
    [InlineData("Delete the stale DNS entry for api-old")]
    [InlineData("Add a canary stage to the deploy pipeline")]
    [InlineData("Automate certificate renewal with cert-manager")]
    [InlineData("Document the entry to the on-call rota")]
    public void Check_ConcreteTitle_IsNotFlagged(string title) =>
        Assert.Empty(Titled(title));

    [Theory]
    [InlineData("Fix alerts")]
    [InlineData("Runbook")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Add timeout")]
    public void Check_TitleOfFewerThanThreeWords_IsTooShort(string title)
    {
        var finding = Assert.Single(Titled(title));

        Assert.Equal("too-short", finding.Rule);
        Assert.NotEmpty(finding.Fix);
    }

    [Fact]
    public void Check_ShortAndVagueTitle_IsReportedAsVagueOnly() =>
        Assert.Equal(["vague"], Titled("Investigate").Select(f => f.Rule));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Check_NoOwner_IsNamed(string? owner)
    {
        var finding = Assert.Single(VagueActions.Check("Write a runbook for the failover", owner, Due, ActionType.Mitigate));

        Assert.Equal("missing-owner", finding.Rule);
        Assert.NotEmpty(finding.Fix);
    }

    [Fact]
    public void Check_NoDueDate_IsNamed()
    {
        var finding = Assert.Single(VagueActions.Check("Write a runbook for the failover", "alice", null, ActionType.Mitigate));

        Assert.Equal("missing-due", finding.Rule);
        Assert.NotEmpty(finding.Fix);
    }

    [Fact]
    public void Check_NoType_IsNamed()
    {
        var finding = Assert.Single(VagueActions.Check("Write a runbook for the failover", "alice", Due, null));

        Assert.Equal("missing-type", finding.Rule);
        Assert.NotEmpty(finding.Fix);
    }

    [Fact]
    public void Check_NothingButAVagueTitle_NamesEveryGapInOrder() =>
        Assert.Equal(
            ["vague", "missing-owner", "missing-due", "missing-type"],
            VagueActions.Check("Improve monitoring", null, null, null).Select(f => f.Rule));

    [Fact]
    public void Phrases_EachHasAPatternAMessageAndAFix() =>
        Assert.All(VagueActions.Phrases, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Pattern));
            Assert.False(string.IsNullOrWhiteSpace(p.Message), p.Pattern);
            Assert.False(string.IsNullOrWhiteSpace(p.Fix), p.Pattern);
        });

    [Fact]
    public void Check_EveryRule_HasAMessageAndAFix() =>
        Assert.All(VagueActions.Check("Look into it", null, null, null).Concat(VagueActions.Check("x", null, null, null)), f =>
        {
            Assert.NotEmpty(f.Message);
            Assert.NotEmpty(f.Fix);
        });

    [Theory]
    [InlineData(ActionType.Prevent, "\"prevent\"")]
    [InlineData(ActionType.Detect, "\"detect\"")]
    [InlineData(ActionType.Mitigate, "\"mitigate\"")]
    public void ActionType_IsWrittenInJsonAsItsName(ActionType type, string json)
    {
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(type));
        Assert.Equal(type, System.Text.Json.JsonSerializer.Deserialize<ActionType>(json));
    }
}
