using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Core.Mitigations;

namespace Firebreak.Cli.Tests.Mitigations;

/// <summary>
/// mitigate: a mitigation's steps, the commander's approval of a risky one, and the guardrails that block a start.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class MitigationCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Theory]
    [InlineData("mitigate", "start", "99999999999", "'99999999999' is not a number for a mitigation")]
    [InlineData("mitigate", "apply", "0", "'0' is not a number for a mitigation")]
    [InlineData("pin", null, "99999999999999999999", "'99999999999999999999' is not a number for an entry")]
    [InlineData("hypothesis", null, "-3", "'-3' is not a number for an entry")]
    [InlineData("checklist", "security", "99999999999", "'99999999999' is not a number for an item")]
    public async Task NumberTooLargeOrNotOne_IsRefusedNamingTheValueGiven_AndChangesNothing(string verb, string? sub, string number, string said)
    {
        var key = Key(await DeclareAsync(Unique("Checkout errors"), "--sev", "P2"));
        string[] args = verb switch
        {
            "mitigate" => ["mitigate", sub!, key, number],
            "checklist" => ["checklist", key, sub!, number],
            "hypothesis" => ["hypothesis", key, number, "confirmed"],
            _ => [verb, key, number],
        };

        var refused = (await Cli.RunAsync(args)).Failed();

        Assert.Contains(said, refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("has no", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mitigate_ProposeStartApplyVerify_AndAbandon()
    {
        var key = Key(await DeclareAsync(Unique("Checkout errors"), "--sev", "P2", "--commander", "admin"));

        var proposed = (await Cli.RunAsync("mitigate", "propose", key, "feature-flag", "Turn off the new checkout flow", "--owner", "admin", "--effect", "error rate back under 0.1%")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] feature-flag: Turn off the new checkout flow (owner admin)", proposed, StringComparison.Ordinal);
        Assert.Contains("  Mitigation 1 [started]", (await Cli.RunAsync("mitigate", "start", key, "1")).Succeeded().StdOut, StringComparison.Ordinal);
        var applied = (await Cli.RunAsync("mitigate", "apply", key, "1", "--json")).Succeeded().Json();
        var mitigation = Assert.Single(applied.GetProperty("mitigations").EnumerateArray());
        Assert.Equal("applied", mitigation.GetProperty("state").GetString());
        Assert.Equal("feature-flag", mitigation.GetProperty("kind").GetString());
        Assert.Equal("admin", mitigation.GetProperty("owner").GetString());
        Assert.Equal("error rate back under 0.1%", mitigation.GetProperty("expectedEffect").GetString());
        Assert.NotEqual(JsonValueKind.Null, mitigation.GetProperty("appliedAt").ValueKind);
        Assert.Contains("  Mitigation 1 [verified]", (await Cli.RunAsync("mitigate", "verify", key, "1", "--note", "errors at 0.05% for 10 minutes")).Succeeded().StdOut, StringComparison.Ordinal);

        (await Cli.RunAsync("mitigate", "propose", key, "scale", "Add two replicas")).Succeeded();
        var noReason = (await Cli.RunAsync("mitigate", "abandon", key, "2")).Failed();
        Assert.Contains("Say why it is abandoned", noReason.StdErr, StringComparison.Ordinal);
        Assert.Contains("  Mitigation 2 [abandoned] scale: Add two replicas", (await Cli.RunAsync("mitigate", "abandon", key, "2", "--note", "the flag fixed it")).Succeeded().StdOut, StringComparison.Ordinal);

        var done = (await Cli.RunAsync("mitigate", "start", key, "2")).Failed();
        Assert.Contains("Mitigation 2 is abandoned; it takes no more changes.", done.StdErr, StringComparison.Ordinal);
        (await Cli.RunAsync("mitigate", "propose", key, "redirect", "Send EU traffic to us-east")).Succeeded();
        var outOfOrder = (await Cli.RunAsync("mitigate", "verify", key, "3")).Failed();
        Assert.Contains("Mitigation 3 is proposed; it can move to started or abandoned, not verified.", outOfOrder.StdErr, StringComparison.Ordinal);
        var missing = (await Cli.RunAsync("mitigate", "apply", key, "9")).Failed();
        Assert.Contains("404", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{key} has no mitigation 9; its mitigations are 1 to 3.", missing.StdErr, StringComparison.Ordinal);
        var badKind = (await Cli.RunAsync("mitigate", "propose", key, "teleport", "Move the datacenter")).Failed();
        Assert.Contains("Unknown mitigation kind 'teleport'", badKind.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 proposed (feature-flag): Turn off the new checkout flow, owner admin; expected: error rate back under 0.1%", texts);
        Assert.Contains("Mitigation 1 started", texts);
        Assert.Contains("Mitigation 1 applied", texts);
        Assert.Contains("Mitigation 1 verified: errors at 0.05% for 10 minutes", texts);
        Assert.Contains("Mitigation 2 abandoned: the flag fixed it", texts);
        Assert.DoesNotContain("Mitigation 2 started", texts);
    }

    [Fact]
    public async Task Mitigate_Risky_WaitsForTheCommandersApproval_AndNoOverrideOpensIt()
    {
        var (bob, password) = await CreateUserWithPasswordAsync("bob");
        using var bobCli = new CliRunner();
        (await bobCli.RunWithInputAsync(password + "\n", "login", Server.Url, "--user", bob, "--password-stdin")).Succeeded();
        var key = Key(await DeclareAsync(Unique("Primary database stuck"), "--sev", "P1", "--commander", "admin"));
        (await bobCli.RunAsync("join", key)).Succeeded();

        var proposed = (await bobCli.RunAsync("mitigate", "propose", key, "other", "Restart the primary database", "--risky")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] other: Restart the primary database — risky, needs the commander's approval", proposed, StringComparison.Ordinal);

        var blocked = (await bobCli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Blocked by the risky-action guardrail: Mitigation 1 is marked risky and the commander has not approved it.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Ask the commander (admin) to approve it first", blocked.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("override", blocked.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, blocked.StdOut.Trim());

        var overridden = (await bobCli.RunAsync("mitigate", "start", key, "1", "--override", "no time to wait")).Failed();
        Assert.Contains("Blocked by the risky-action guardrail", overridden.StdErr, StringComparison.Ordinal);

        var notCommander = (await bobCli.RunAsync("mitigate", "approve", key, "1")).Failed();
        Assert.Contains("Only the commander (admin) can approve a risky mitigation.", notCommander.StdErr, StringComparison.Ordinal);

        var stillProposed = (await ShowJsonAsync(key)).GetProperty("incident").GetProperty("mitigations")[0];
        Assert.Equal("proposed", stillProposed.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, stillProposed.GetProperty("approvedBy").ValueKind);

        var approved = (await Cli.RunAsync("mitigate", "approve", key, "1")).Succeeded().StdOut;
        Assert.Contains("  Mitigation 1 [proposed] other: Restart the primary database — risky, approved by admin", approved, StringComparison.Ordinal);
        var started = (await bobCli.RunAsync("mitigate", "start", key, "1", "--json")).Succeeded().Json();
        var mitigation = started.GetProperty("mitigations")[0];
        Assert.Equal("started", mitigation.GetProperty("state").GetString());
        Assert.Equal("admin", mitigation.GetProperty("approvedBy").GetString());

        var notRisky = (await Cli.RunAsync("mitigate", "propose", key, "scale", "More workers")).Succeeded();
        Assert.Contains("Mitigation 2 [proposed]", notRisky.StdOut, StringComparison.Ordinal);
        var needless = (await Cli.RunAsync("mitigate", "approve", key, "2")).Failed();
        Assert.Contains("Mitigation 2 is not marked risky; it needs no approval.", needless.StdErr, StringComparison.Ordinal);

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 approved by the commander", texts);
        Assert.Single(texts, t => t == "Mitigation 1 started");
        Assert.DoesNotContain(texts, t => t.Contains("overridden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mitigate_HotfixWithoutRollbackPlan_IsBlocked_UntilOverriddenWithAReason()
    {
        var key = Key(await DeclareAsync(Unique("Cart crashes"), "--sev", "P2"));
        (await Cli.RunAsync("mitigate", "propose", key, "hotfix", "Patch the null check in the cart")).Succeeded();

        var blocked = (await Cli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains("409", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("Blocked by the no-rollback-plan guardrail: Hotfix 1 has no rollback plan.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Contains("To go ahead anyway, give an override reason.", blocked.StdErr, StringComparison.Ordinal);
        Assert.Equal("proposed", (await ShowJsonAsync(key)).GetProperty("incident").GetProperty("mitigations")[0].GetProperty("state").GetString());

        var overridden = (await Cli.RunAsync("mitigate", "start", key, "1", "--override", "one-line change; reverting is redeploying v4.1", "--json")).Succeeded().Json();
        Assert.Equal("started", overridden.GetProperty("mitigations")[0].GetProperty("state").GetString());

        // A hotfix with its rollback plan starts without any override (once the first is out of play: two-changes).
        (await Cli.RunAsync("mitigate", "abandon", key, "1", "--note", "superseded by a guarded fix")).Succeeded();
        (await Cli.RunAsync("mitigate", "propose", key, "hotfix", "Guard the cart total", "--plan", "redeploy v4.1.2; no migration")).Succeeded();
        (await Cli.RunAsync("mitigate", "start", key, "2")).Succeeded();

        var shown = await ShowJsonAsync(key);
        var overrides = shown.GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("text").GetString()!.StartsWith("Guardrail ", StringComparison.Ordinal)).ToList();
        var recorded = Assert.Single(overrides);
        Assert.Equal("Guardrail no-rollback-plan overridden: one-line change; reverting is redeploying v4.1", recorded.GetProperty("text").GetString());
        Assert.Equal("guardrail", recorded.GetProperty("kind").GetString());
        Assert.Equal("admin", recorded.GetProperty("actor").GetString());
        Assert.Contains("Mitigation 2 proposed (hotfix): Guard the cart total; rollback plan: redeploy v4.1.2; no migration", TimelineTexts(shown));
    }

    [Fact]
    public async Task Mitigate_RollbackChecklist_AndTwoChangesAtOnce_AreBlocked()
    {
        var key = Key(await DeclareAsync(Unique("Bad deploy"), "--sev", "P3"));
        (await Cli.RunAsync("mitigate", "propose", key, "rollback", "Roll back to 4.1")).Succeeded();
        var unsafeRollback = (await Cli.RunAsync("mitigate", "start", key, "1")).Failed();
        Assert.Contains(
            "Blocked by the unsafe-rollback guardrail: Rollback 1 fails its checklist: an irreversible migration may have run, it may have irreversible side effects, no known-good target.",
            unsafeRollback.StdErr,
            StringComparison.Ordinal);

        (await Cli.RunAsync("mitigate", "propose", key, "rollback", "Roll back to 4.1", "--no-irreversible-migration", "--no-irreversible-side-effects", "--target", "v4.1.3")).Succeeded();
        (await Cli.RunAsync("mitigate", "start", key, "2")).Succeeded();
        (await Cli.RunAsync("mitigate", "apply", key, "2")).Succeeded();

        (await Cli.RunAsync("mitigate", "propose", key, "feature-flag", "Disable recommendations")).Succeeded();
        var twoChanges = (await Cli.RunAsync("mitigate", "start", key, "3")).Failed();
        Assert.Contains("Blocked by the two-changes guardrail: Mitigation 2 (Roll back to 4.1) is applied but not verified yet", twoChanges.StdErr, StringComparison.Ordinal);
        var started = (await Cli.RunAsync("mitigate", "start", key, "3", "--override", "known compound cause: deploy and flag", "--json")).Succeeded().Json();
        Assert.Equal(["proposed", "applied", "started"], started.GetProperty("mitigations").EnumerateArray().Select(m => m.GetProperty("state").GetString()));

        var texts = TimelineTexts(await ShowJsonAsync(key));
        Assert.Contains("Mitigation 1 proposed (rollback): Roll back to 4.1; checklist: no irreversible migration no, no irreversible side effects no, target unknown", texts);
        Assert.Contains("Mitigation 2 proposed (rollback): Roll back to 4.1; checklist: no irreversible migration yes, no irreversible side effects yes, target v4.1.3", texts);
        Assert.Contains("Guardrail two-changes overridden: known compound cause: deploy and flag", texts);
        Assert.DoesNotContain("Mitigation 1 started", texts);
    }
}
