using System.Diagnostics;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests;

/// <summary>
/// The guardrail scheduler keeps its deadlines in the database: a nudge due while the server is
/// down (SIGKILL, SQLite) is recorded after the restart, once.
/// </summary>
public sealed class SchedulerDurabilityTests
{
    /// <summary>The killed server's scheduler lease (30 s) must lapse before the restarted one takes over.</summary>
    private static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan NudgeAfter = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task NoCommanderNudge_DueWhileKilled_IsRecordedOnceAfterTheRestart()
    {
        using var data = new TempDirectory();
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, "guardrails: { no-commander: { after: 3s } }\n");
        var environment = new Dictionary<string, string?> { ["scheduler__tickMs"] = "200" };
        using var cli = new CliRunner();

        string key;
        DateTimeOffset declaredAt;
        await using (var first = await ServerProcess.StartAsync(data.Path, configFile: config, environment: environment))
        {
            (await cli.RunAsync("login", first.Url, "--token", first.AdminToken!)).Succeeded();
            var declared = (await cli.RunAsync("declare", "Checkout down, nobody leading", "--sev", "SEV-1", "--json")).Succeeded().Json();
            await first.KillAsync();
            key = declared.GetProperty("key").GetString()!;
            declaredAt = declared.GetProperty("declaredAt").GetDateTimeOffset();
            Assert.Equal(JsonValueKind.Null, declared.GetProperty("commander").ValueKind);
            Assert.DoesNotContain(declared.GetProperty("findings").EnumerateArray(), f => f.GetProperty("guardrail").GetString() == "no-commander");
        }

        // Stay down until the nudge is due.
        while (DateTimeOffset.UtcNow < declaredAt + NudgeAfter + TimeSpan.FromSeconds(1))
        {
            await Task.Delay(100);
        }

        var restartedAt = DateTimeOffset.UtcNow;
        await using var restarted = await ServerProcess.StartAsync(data.Path, configFile: config, environment: environment);
        (await cli.RunAsync("login", restarted.Url, "--token", restarted.AdminToken!)).Succeeded();

        var shown = await PollShowAsync(cli, key, s => Nudges(s).Count > 0, "no-commander nudge", restarted);
        var nudge = Assert.Single(Nudges(shown));
        Assert.Equal("firebreak", nudge.GetProperty("actor").GetString());
        Assert.StartsWith($"[no-commander] {key} is SEV-1 and has had no commander for", nudge.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(
            nudge.GetProperty("at").GetDateTimeOffset() >= restartedAt,
            $"The nudge was recorded at {nudge.GetProperty("at").GetDateTimeOffset():O}, before the restart at {restartedAt:O}: the first server recorded it before it was killed, so this run says nothing about the restart.");

        // Let the restarted scheduler run on: another incident's nudge, due 3 s (many ticks) later, shows it kept going.
        var other = (await cli.RunAsync("declare", "Search down, nobody leading", "--sev", "SEV-1", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        await PollShowAsync(cli, other, s => Nudges(s).Count > 0, "no-commander nudge on the second incident", restarted);

        var after = (await cli.RunAsync("show", key, "--json")).Succeeded().Json();
        Assert.Single(Nudges(after));
        // `show` reads the incident and then its timeline, so compare timelines: nothing was recorded after the nudge.
        Assert.Equal(shown.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());
        var readable = (await cli.RunAsync("show", key)).Succeeded().StdOut;
        Assert.Single(readable.Split('\n'), l => l.Contains("WARN [no-commander]", StringComparison.Ordinal));
    }

    private static List<JsonElement> Nudges(JsonElement shown) =>
        [.. shown.GetProperty("timeline").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "guardrail" && i.GetProperty("text").GetString()!.StartsWith("[no-commander]", StringComparison.Ordinal))];

    private static async Task<JsonElement> PollShowAsync(CliRunner cli, string key, Func<JsonElement, bool> condition, string what, ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var shown = (await cli.RunAsync("show", key, "--json")).Succeeded().Json();
            if (condition(shown))
            {
                return shown;
            }

            Assert.True(clock.Elapsed < PollDeadline, $"No {what} on {key} within {PollDeadline.TotalSeconds} s.\n{shown}\n{server.Describe()}");
            await Task.Delay(250);
        }
    }
}
