using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Guardrails;

/// <summary>
/// Guardrails as the verbs show them: findings printed after commands, and --override accepted by every incident
/// command verb but recorded only when it let something through.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class GuardrailCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    [Fact]
    public async Task Findings_ArePrintedAfterCommands()
    {
        var key = Key(await DeclareAsync(Unique("Orders table"), "--sev", "P3"));

        var drop = (await Cli.RunAsync("log", key, "command", "DROP TABLE users")).Succeeded();
        var lines = drop.StdOut.TrimEnd().Split('\n');
        Assert.Equal($"Logged command #3 on {key}.", lines[0]);
        Assert.Equal("  WARN [unsafe-command] Destructive command logged: DROP destroys the object and its data.", lines[1]);
        Assert.StartsWith("      fix: Before running it in production: take a backup or snapshot", lines[2], StringComparison.Ordinal);

        var delete = (await Cli.RunAsync("log", key, "command", "DELETE FROM orders", "--json")).Succeeded().Json();
        var finding = Assert.Single(delete.GetProperty("findings").EnumerateArray());
        Assert.Equal("unsafe-command", finding.GetProperty("guardrail").GetString());
        Assert.Equal("warn", finding.GetProperty("level").GetString());
        Assert.Equal("Destructive command logged: DELETE without WHERE removes every row.", finding.GetProperty("message").GetString());

        var safe = (await Cli.RunAsync("log", key, "command", "SELECT count(*) FROM orders WHERE day = today()")).Succeeded();
        Assert.Equal($"Logged command #7 on {key}.", safe.StdOut.Trim());
        var note = (await Cli.RunAsync("log", key, "note", "DROP TABLE users was only an idea")).Succeeded();
        Assert.DoesNotContain("WARN", note.StdOut, StringComparison.Ordinal);

        var nudges = (await ShowJsonAsync(key)).GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "guardrail").ToList();
        Assert.Equal(2, nudges.Count);
        Assert.StartsWith("[unsafe-command] Destructive command logged: DROP destroys the object and its data.", nudges[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, nudges[0].GetProperty("version").GetInt64());
        Assert.StartsWith("[unsafe-command] Destructive command logged: DELETE without WHERE", nudges[1].GetProperty("text").GetString(), StringComparison.Ordinal);

        // Standing findings come with every incident the CLI prints.
        var major = (await Cli.RunAsync("declare", Unique("Everything is down"), "--sev", "P0")).Succeeded().StdOut;
        Assert.Contains("  INFO [roles-required] SEV-1 asks for these roles, still unfilled: commander, comms-lead, tech-lead.", major, StringComparison.Ordinal);
        Assert.Contains("      fix: Assign them: firebreak role ", major, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_IsAcceptedByEveryIncidentCommandVerb_AndRecordedOnlyWhenSomethingWasBlocked()
    {
        const string reason = "nothing is blocked here";
        var key = Key(await DeclareAsync(Unique("Override everywhere"), "--sev", "P2", "--service", Unique("api")));
        var hypothesis = EntryVersion((await Cli.RunAsync("log", key, "hypothesis", "cache stampede", "--override", reason, "--json")).Succeeded().Json());
        string[][] commands =
        [
            ["pin", key, hypothesis],
            ["status", key, "identified"],
            ["sev", key, "P1", "--reason", "spreading"],
            ["role", key, "commander", "admin"],
            ["join", key],
            ["hypothesis", key, hypothesis, "confirmed"],
            ["update", key, "We know the cause"],
            ["mitigate", "propose", key, "rate-limit", "Limit the cache rebuilds", "--risky"],
            ["mitigate", "approve", key, "1"],
            ["mitigate", "start", key, "1"],
            ["mitigate", "apply", key, "1"],
            ["mitigate", "verify", key, "1"],
            ["mitigate", "propose", key, "scale", "More cache nodes"],
            ["mitigate", "abandon", key, "2", "--note", "not needed"],
        ];
        foreach (var command in commands)
        {
            (await Cli.RunAsync([.. command, "--override", reason])).Succeeded();
        }

        var triage = Key(await DeclareAsync(Unique("Security report"), "--sev", "P3", "--triage"));
        (await Cli.RunAsync("decline", triage, "duplicate", "--override", reason)).Succeeded();
        var breach = (await Cli.RunAsync(
            "triage", "--declare", Unique("Leaked key"), "--users", "none", "--core-broken", "no", "--data-loss", "no", "--breach", "yes", "--json")).Succeeded().Json();
        (await Cli.RunAsync("checklist", Key(breach), "security", "1", "--override", reason)).Succeeded();

        var shown = await ShowJsonAsync(key);
        Assert.Equal("SEV-2", shown.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal(["verified", "abandoned"], shown.GetProperty("incident").GetProperty("mitigations").EnumerateArray().Select(m => m.GetProperty("state").GetString()));
        Assert.DoesNotContain(TimelineTexts(shown), t => t.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(TimelineTexts(await ShowJsonAsync(triage)), t => t.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(TimelineTexts(await ShowJsonAsync(Key(breach))), t => t.Contains(reason, StringComparison.Ordinal));
    }
}
