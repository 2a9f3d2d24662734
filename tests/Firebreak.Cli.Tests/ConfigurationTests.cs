using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests;

/// <summary>`firebreak serve --config firebreak.yaml`: the policy it sets, and what a wrong file does.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Severities_FromTheConfig_RenamedLevelsAreTheOnesInForce()
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, """
            severities:
              - name: CRITICAL
                aliases: [P0, red]
                meaning: Everything is on fire.
                updateCadence: 10m
              - name: SEV-2
              - name: SEV-3
              - name: LOW
            """);
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var readable = (await cli.RunAsync("severities")).Succeeded().StdOut.TrimEnd().Split('\n');
        Assert.Equal(8, readable.Length);
        Assert.Equal("CRITICAL (P0)  Everything is on fire.", readable[0]);
        Assert.StartsWith("    respond within 5 min, updates every 10 min, roles: commander, comms-lead, tech-lead,", readable[1], StringComparison.Ordinal);
        Assert.StartsWith("SEV-2 (P1)  Major:", readable[2], StringComparison.Ordinal);
        Assert.StartsWith("SEV-3 (P2)  Minor:", readable[4], StringComparison.Ordinal);
        Assert.Equal("LOW  Low: cosmetic or internal, no real user impact; fix in the normal cycle.", readable[6]);
        Assert.DoesNotContain(readable, l => l.Contains("SEV-1", StringComparison.Ordinal) || l.Contains("SEV-4", StringComparison.Ordinal));

        var levels = (await cli.RunAsync("severities", "--json")).Succeeded().Json().EnumerateArray().ToList();
        Assert.Equal(["CRITICAL", "SEV-2", "SEV-3", "LOW"], levels.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["P0", "red"], levels[0].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(10, levels[0].GetProperty("updateCadenceMinutes").GetDouble());
        Assert.Empty(levels[3].GetProperty("aliases").EnumerateArray());

        // The renamed levels are the ones declare, triage and list speak.
        var critical = (await cli.RunAsync("declare", "Checkout down", "--sev", "red", "--json")).Succeeded().Json();
        Assert.Equal("CRITICAL", critical.GetProperty("severity").GetString());
        var low = (await cli.RunAsync("declare", "Typo on the help page", "--sev", "low", "--json")).Succeeded().Json();
        Assert.Equal("LOW", low.GetProperty("severity").GetString());
        var old = (await cli.RunAsync("declare", "Old name", "--sev", "SEV-1")).Failed();
        Assert.Contains("Unknown severity 'SEV-1'", old.StdErr, StringComparison.Ordinal);
        Assert.Contains("CRITICAL (P0)", old.StdErr, StringComparison.Ordinal);

        var triage = (await cli.RunAsync("triage", "--data-loss", "yes", "--users", "some", "--core-broken", "no", "--breach", "no")).Succeeded();
        Assert.StartsWith("Suggested severity: CRITICAL", triage.StdOut, StringComparison.Ordinal);
        var listed = (await cli.RunAsync("list", "--sev", "LOW", "--json")).Succeeded().Json();
        Assert.Equal([low.GetProperty("key").GetString()], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }

    public static TheoryData<string, int, string> BadConfigs => new()
    {
        {
            "guardrails:\n  no-comander: { after: 3s }\n",
            2,
            "there is no guardrail 'no-comander'; the guardrails are no-commander, roles-required,"
        },
        {
            "# the on-call team's settings\nguardrails:\n  no-commander: { after: soon }\n",
            3,
            "after 'soon' is not a duration; write it like 30s, 15m, 2h or 1d."
        },
        {
            "services:\n  - name: checkout\n    healthChecks:\n      - url: checkout.internal/healthz\n",
            4,
            "'checkout.internal/healthz' is not an http(s) URL; give the full address, like http://checkout.internal/healthz."
        },
        {
            "severities:\n  - name: SEV-1\n    monitoringWindow: 3s\n    colour: red\n",
            4,
            "unknown key 'colour' in a severity level; the keys are name, aliases,"
        },
        {
            "templates:\n  investigating: \"Still on it: {{title}} for {{customer}}\"\n",
            2,
            "template 'investigating' uses unknown placeholders {{customer}}; the known ones are key, title,"
        },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task Serve_WithABadConfig_ExitsWithCode2_NamingTheFileLineAndFix(string yaml, int line, string message)
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, yaml);

        var result = await ServeAsync(folder, config);
        Assert.True(result.ExitCode == 2, $"Expected exit code 2.\n{result}");
        var error = Assert.Single(result.StdErr.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {config}:{line}: {message}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.StdOut, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithInvalidYaml_OrAMissingFile_ExitsWithCode2()
    {
        using var folder = new TempDirectory();
        var invalid = Path.Combine(folder.Path, "broken.yaml");
        await File.WriteAllTextAsync(invalid, "guardrails:\n  no-commander: { after: 3s\n");
        var broken = await ServeAsync(folder, invalid);
        Assert.True(broken.ExitCode == 2, $"Expected exit code 2.\n{broken}");
        Assert.Matches($"^error: {System.Text.RegularExpressions.Regex.Escape(invalid)}:[1-9][0-9]*: this is not valid YAML .*; check the indentation and quoting\\.$", broken.StdErr.Trim());

        var missing = Path.Combine(folder.Path, "nowhere.yaml");
        var absent = await ServeAsync(folder, missing);
        Assert.True(absent.ExitCode == 2, $"Expected exit code 2.\n{absent}");
        Assert.Equal($"error: {missing}:0: the configuration file does not exist; fix the --config path or create the file.", absent.StdErr.Trim());
    }

    private static async Task<CliResult> ServeAsync(TempDirectory folder, string config)
    {
        using var cli = new CliRunner();
        return await cli.RunAsync("serve", "--config", config, "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", Path.Combine(folder.Path, "data"));
    }
}
