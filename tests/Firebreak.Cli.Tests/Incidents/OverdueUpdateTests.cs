using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Incidents;

/// <summary>An incident whose update is overdue says so, in minutes, in `firebreak list` and `firebreak show`.</summary>
public sealed class OverdueUpdateTests
{
    [Fact]
    public async Task ListAndShow_SayHowLateTheUpdateIs()
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, "severities:\n  - name: SEV-1\n    updateCadence: 1s\n  - name: SEV-2\n  - name: SEV-3\n  - name: SEV-4\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var key = (await cli.RunAsync("declare", "Checkout down", "--sev", "SEV-1", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        var calm = (await cli.RunAsync("declare", "Search slow", "--sev", "SEV-3", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var list = (await cli.RunAsync("list")).Succeeded().StdOut.Split('\n');
        Assert.Contains("[update 1 min overdue]", list.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", list.Single(l => l.StartsWith(calm + " ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("OVERDUE: update 1 min overdue", (await cli.RunAsync("show", key)).Succeeded().StdOut, StringComparison.Ordinal);

        (await cli.RunAsync("update", key, "Still investigating the payment gateway")).Succeeded();
        Assert.DoesNotContain("overdue", (await cli.RunAsync("list")).Succeeded().StdOut.Split('\n').Single(l => l.StartsWith(key + " ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
