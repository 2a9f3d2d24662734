using Firebreak.Core.Postmortems;

namespace Firebreak.Core.Tests.Postmortems;

/// <summary>The blameless-language check: what it flags (rule and words), what it leaves alone, and its configuration.</summary>
public sealed class BlamelessCheckTests
{
    private static readonly string[] People = ["Bob", "Alice", "Carol Diaz"];

    private static readonly BlamelessCheck Defaults = new();

    [Theory]
    [InlineData("Bob broke the checkout deploy.", "person-caused", "Bob broke")]
    [InlineData("Then bob deleted the orders table.", "person-caused", "bob deleted")]
    [InlineData("Alice dropped the index during the migration.", "person-caused", "Alice dropped")]
    [InlineData("Bob pushed an untested config to production.", "person-caused", "Bob pushed")]
    [InlineData("Alice forgot to renew the certificate.", "person-caused", "Alice forgot")]
    [InlineData("Bob missed the page at 02:10.", "person-caused", "Bob missed")]
    [InlineData("Bob messed up the DNS change.", "person-caused", "Bob messed up")]
    [InlineData("Bob accidentally deleted the bucket.", "person-caused", "Bob accidentally deleted")]
    [InlineData("Carol Diaz caused the outage.", "person-caused", "Carol Diaz caused")]
    [InlineData("Bob's change broke login.", "person-caused", "Bob's change broke")]
    [InlineData("He skipped the canary.", "person-caused", "He skipped")]
    [InlineData("At 10:02 @dana.k deleted the queue.", "person-caused", "@dana.k deleted")]
    [InlineData("@bob caused the spike in 5xx.", "mention-caused", "@bob caused")]
    [InlineData("It started when @ops-eve triggered the failover.", "mention-caused", "@ops-eve triggered")]
    [InlineData("This was Bob's mistake.", "person-fault", "Bob's mistake")]
    [InlineData("It was Alice's fault.", "person-fault", "Alice's fault")]
    [InlineData("A simple typo: Bob's error.", "person-fault", "Bob's error")]
    [InlineData("Alice made a careful-looking mistake.", "person-fault", "Alice made a careful-looking mistake")]
    [InlineData("Bob was at fault.", "person-fault", "Bob was at fault")]
    [InlineData("Root cause: human error.", "human-error", "human error")]
    [InlineData("In the end the error was human.", "human-error", "the error was human")]
    [InlineData("Classic operator error.", "human-error", "operator error")]
    [InlineData("On-call should have known the limit.", "should-have", "should have known")]
    [InlineData("Someone should have caught it in review.", "should-have", "should have caught")]
    [InlineData("We should've noticed the disk filling.", "should-have", "should've noticed")]
    [InlineData("A careless change to the firewall.", "careless", "careless")]
    [InlineData("The carelessness of the rollout.", "careless", "carelessness")]
    [InlineData("That was negligent.", "careless", "negligent")]
    [InlineData("Sloppy handling of the keys.", "careless", "Sloppy")]
    [InlineData("It was the fault of the night shift.", "fault-of", "fault of")]
    [InlineData("The question is whose fault it was.", "fault-of", "whose fault")]
    [InlineData("The team is to blame.", "blame", "to blame")]
    [InlineData("Management blamed the vendor.", "blame", "blamed")]
    [InlineData("They should have rolled back sooner.", "pronoun-should", "They should have")]
    [InlineData("She shouldn't have restarted the primary.", "pronoun-should", "She shouldn't have")]
    [InlineData("He should not have merged it.", "pronoun-should", "He should not have")]
    [InlineData("The reviewer didn't bother to read the diff.", "didnt-bother", "didn't bother")]
    [InlineData("The author never bothered with tests.", "didnt-bother", "never bothered")]
    [InlineData("An incompetent rollout.", "incompetent", "incompetent")]
    [InlineData("It showed incompetence.", "incompetent", "incompetence")]
    public void Check_BlamingWords_AreFoundWithTheRuleAndTheWords(string text, string rule, string excerpt)
    {
        var finding = Assert.Single(Defaults.Check(text, People));

        Assert.Equal(rule, finding.Rule);
        Assert.Equal(excerpt, finding.Excerpt);
        Assert.Equal(excerpt, text.Substring(finding.Start, finding.Length));
        Assert.NotEmpty(finding.Message);
        Assert.NotEmpty(finding.Suggestion);
    }

    [Theory]
    [InlineData("Root cause: the retry loop had no back-off.")]
    [InlineData("The deploy pipeline broke the build.")]
    [InlineData("The error rate was high for 12 minutes.")]
    [InlineData("The fault was in the load balancer.")]
    [InlineData("A fault in the disk controller.")]
    [InlineData("No one is to blame.")]
    [InlineData("Nobody is to blame for this.")]
    [InlineData("This is a blameless review.")]
    [InlineData("We keep the review blame-free.")]
    [InlineData("This was not human error.")]
    [InlineData("It wasn't Bob's fault.")]
    [InlineData("Alice restored the backup.")]
    [InlineData("Bob pushed the fix at 10:40.")]
    [InlineData("Alice pushed a revert.")]
    [InlineData("Bob rolled back the release and the error rate dropped.")]
    [InlineData("The Bobcat cluster broke at noon.")]
    [InlineData("Mail bob@example.com deleted the alias.")]
    [InlineData("Alice.ops@example.com caused no trouble.")]
    [InlineData("Malice broke nothing.")]
    [InlineData("git blame shows the line came from the config generator.")]
    [InlineData("Alice's error budget burned in an hour.")]
    [InlineData("The canary caught it; the alert should fire earlier.")]
    [InlineData("The effect was negligible.")]
    [InlineData("The scheduler dropped jobs when the queue was full.")]
    [InlineData("Human factors: the two buttons look the same.")]
    [InlineData("The retry storm took down the cache.")]
    public void Check_SystemFocusedWords_AreLeftAlone(string text) =>
        Assert.Empty(Defaults.Check(text, People));

    [Fact]
    public void Check_WithNoPeopleKnown_StillFindsMentionsButNotNames()
    {
        Assert.Empty(Defaults.Check("Bob broke the build.", []));
        Assert.Equal("person-caused", Assert.Single(Defaults.Check("@bob broke the build.", [])).Rule);
    }

    [Fact]
    public void Check_ANegationInAnEarlierClause_DoesNotExcuseTheMatch()
    {
        var finding = Assert.Single(Defaults.Check("Nobody noticed because Bob deleted the table.", People));

        Assert.Equal("Bob deleted", finding.Excerpt);
    }

    [Fact]
    public void Check_ANameWithPunctuation_IsMatchedLiterally()
    {
        Assert.Equal("j.doe broke", Assert.Single(Defaults.Check("j.doe broke it.", ["j.doe"])).Excerpt);
        Assert.Empty(Defaults.Check("jxdoe broke it.", ["j.doe"]));
    }

    [Fact]
    public void Check_SeveralFindings_AreInTextOrder()
    {
        const string text = "It was human error: Bob deleted the table, and he should have known. Careless.";

        var findings = Defaults.Check(text, People);

        Assert.Equal(["human-error", "person-caused", "pronoun-should", "should-have", "careless"], findings.Select(f => f.Rule));
        Assert.Equal(findings.OrderBy(f => f.Start).Select(f => f.Start), findings.Select(f => f.Start));
    }

    [Fact]
    public void Check_TwoRulesOnTheSameWords_ReportThemOnce()
    {
        var finding = Assert.Single(Defaults.Check("@bob caused it.", People));

        Assert.Equal("mention-caused", finding.Rule);
    }

    [Fact]
    public void DefaultRules_EachHasAUniqueIdAMessageAndASuggestion()
    {
        Assert.Equal(BlamelessCheck.DefaultRules.Count, BlamelessCheck.DefaultRules.Select(r => r.Id).Distinct().Count());
        Assert.All(BlamelessCheck.DefaultRules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Message), r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Suggestion), r.Id);
        });
    }

    [Fact]
    public void ExtraRule_IsApplied_WithPeopleInItsPattern()
    {
        var check = new BlamelessCheck([new LanguageRule("rookie", @"{person}\s+is\s+a\s+rookie", "Labels a person.", "Describe what the onboarding did not cover.")]);

        var finding = Assert.Single(check.Check("Alice is a rookie.", People));

        Assert.Equal("rookie", finding.Rule);
        Assert.Equal("Alice is a rookie", finding.Excerpt);
        Assert.Equal("Describe what the onboarding did not cover.", finding.Suggestion);
    }

    [Fact]
    public void ExtraRule_WithADefaultsId_ReplacesIt()
    {
        var check = new BlamelessCheck([new LanguageRule("careless", @"\bhasty\b", "Judges haste.", "Say what hurried the work.")]);

        Assert.Empty(check.Check("A careless change.", People));
        Assert.Equal("hasty", Assert.Single(check.Check("A hasty change.", People)).Excerpt);
        Assert.Equal(BlamelessCheck.DefaultRules.Count, check.Rules.Count);
    }

    [Fact]
    public void DisabledRule_IsNotApplied()
    {
        var check = new BlamelessCheck(disabled: ["human-error"]);

        Assert.Empty(check.Check("Root cause: human error.", People));
        Assert.DoesNotContain(check.Rules, r => r.Id == "human-error");
        Assert.Single(check.Check("Careless.", People));
    }

    [Theory]
    [InlineData(@"(unclosed")]
    [InlineData(@"{person}[")]
    [InlineData(@"a**")]
    public void ExtraRule_WithAnInvalidPattern_ThrowsNamingTheRule(string pattern)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new BlamelessCheck([new LanguageRule("team-rule-7", pattern, "m", "s")]));

        Assert.Contains("team-rule-7", error.Message, StringComparison.Ordinal);
        Assert.Equal("extra", error.ParamName);
    }

    [Fact]
    public void ExtraRule_WithoutASuggestion_ThrowsNamingTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() => new BlamelessCheck([new LanguageRule("quiet", "x", "m", " ")]));

        Assert.Contains("quiet", error.Message, StringComparison.Ordinal);
    }
}
