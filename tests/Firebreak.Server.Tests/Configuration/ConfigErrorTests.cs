using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Configuration;

/// <summary>
/// A wrong firebreak.yaml stops the server from starting, with an error naming the file, the line
/// and the fix, rather than starting a server that behaves differently from what was written.
/// </summary>
public sealed class ConfigErrorTests
{
    public static TheoryData<string, int, string[]> BadConfigs => new()
    {
        {
            """
            guardrails:
              no-comander: { after: 5m }
            """,
            2, ["there is no guardrail 'no-comander'", "the guardrails are no-commander, roles-required"]
        },
        {
            """
            guardrails:
              silence:
                after: 5 minutes
            """,
            3, ["after '5 minutes' is not a duration", "write it like 30s, 15m, 2h or 1d"]
        },
        {
            """
            services:
              - name: checkout
                healthChecks:
                  - url: checkout.internal/healthz
            """,
            4, ["'checkout.internal/healthz' is not an http(s) URL", "give the full address, like http://checkout.internal/healthz"]
        },
        {
            """
            services:
              - name: checkout
                healthChecks:
                  - url: ftp://checkout.internal/healthz
            """,
            4, ["is not an http(s) URL"]
        },
        {
            """
            guardrails:
              two-changes: { level: loud }
            """,
            2, ["level 'loud' is not one of info, warn, block"]
        },
        {
            """
            severities:
              - name: SEV-1
                updateCadence: often
            """,
            3, ["updateCadence 'often' is not a duration", "or none"]
        },
        {
            """
            evidence:
              maxFileSize: 10 parsecs
            """,
            2, ["maxFileSize '10 parsecs' is not a size", "10MB"]
        },
        {
            """
            templates:
              declared: "{{title}} at {{time}}"
            """,
            2, ["unknown placeholders {{time}}", "the known ones are key, title"]
        },
        {
            """
            guardrails: {}
            pager: on
            """,
            2, ["unknown key 'pager' in the top level", "severities, services, guardrails"]
        },
        {
            """
            severities:
              - name: SEV-1
                aliases: [P0]
              - name: SEV-2
                aliases: [p0]
            """,
            4, ["'p0' is used twice"]
        },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void BadFirebreakYaml_StopsTheStart_NamingTheFileTheLineAndTheFix(string yaml, int line, string[] fix)
        => ConfigAssert.Refused(yaml, line, fix);

    [Fact]
    public void MissingConfigFile_StopsTheStart_NamingTheFile()
    {
        var data = TestDatabases.TempDirectory();
        var path = Path.Combine(data, "no-such.yaml");

        var error = Assert.Throws<ConfigException>(() => FirebreakApp.Build(["--config", path, "--data", data]));

        Assert.Equal(path, error.File);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidYaml_StopsTheStart_WithTheLine()
    {
        var data = TestDatabases.TempDirectory();
        var path = Path.Combine(data, "firebreak.yaml");
        File.WriteAllText(path, "guardrails:\n  silence: { after: 5m\n");

        var error = Assert.Throws<ConfigException>(() => FirebreakApp.Build(["--config", path, "--data", data]));

        Assert.True(error.Line >= 2, $"Line {error.Line} for an error on line 2 or after.");
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_WithABadFirebreakYaml_DoesNotStart_ButStartsOnceItIsFixed()
    {
        await using (var bad = new FirebreakFactory { Config = "guardrails:\n  no-comander: { after: 5m }\n" })
        {
            Assert.ThrowsAny<Exception>(() => bad.Services);
        }

        await using var good = new FirebreakFactory { Config = "guardrails:\n  no-commander: { after: 5m }\n", SchedulerLoop = false };
        using var admin = good.Admin();
        Assert.Equal(0, await admin.TotalAsync());
    }
}
