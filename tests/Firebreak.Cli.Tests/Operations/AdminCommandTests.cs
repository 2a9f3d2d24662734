using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Operations;

/// <summary>firebreak admin stats and admin rebuild against a real server.</summary>
public sealed class AdminCommandTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    [Fact]
    public async Task Rebuild_FoldsEveryIncidentAgain_AndTheIncidentsReadTheSame()
    {
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        // SEV-3: a SEV-1/2 opens its usual-suspects checklist a moment later, which would land between the two reads.
        var key = (await cli.RunAsync("declare", "Replica lag on orders", "--sev", "SEV-3", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        (await cli.RunAsync("log", key, "symptom", "lag at 40 s")).Succeeded();
        var before = (await cli.RunAsync("show", key, "--json")).Succeeded().StdOut;

        var rebuilt = (await cli.RunAsync("admin", "rebuild")).Succeeded();

        Assert.Matches(@"^Rebuilt \d+ incidents from their events\.$", rebuilt.StdOut.Trim());
        Assert.True((await cli.RunAsync("admin", "rebuild", "--json")).Succeeded().Json().GetProperty("rebuilt").GetInt32() >= 1);
        Assert.Equal(before, (await cli.RunAsync("show", key, "--json")).Succeeded().StdOut);
    }

    [Fact]
    public async Task Stats_ShowTheServersCounters_AndAreForAdminsOnly()
    {
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var stats = (await cli.RunAsync("admin", "stats")).Succeeded().StdOut;
        Assert.Contains("SQL commands sent: ", stats, StringComparison.Ordinal);
        Assert.Contains("Open live timelines: 0", stats, StringComparison.Ordinal);

        var password = (await cli.RunAsync("user", "create", "vic", "--role", "viewer", "--json")).Succeeded().Json().GetProperty("password").GetString()!;
        using var viewer = new CliRunner();
        (await viewer.RunWithInputAsync(password + "\n", "login", server.Url, "--user", "vic", "--password-stdin")).Succeeded();
        var refused = (await viewer.RunAsync("admin", "stats")).Failed();
        Assert.StartsWith("error: 403", refused.StdErr, StringComparison.Ordinal);
        Assert.EndsWith("\n", refused.StdErr, StringComparison.Ordinal);
    }
}
