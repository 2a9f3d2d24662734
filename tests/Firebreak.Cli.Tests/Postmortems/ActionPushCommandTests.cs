using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Cli.Tests.Notifications;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests.Postmortems;

/// <summary>`firebreak action push`: the real executable against a real server whose tracker is a recording server standing in for Jira.</summary>
public sealed class ActionPushCommandTests
{
    [Fact]
    public async Task Push_SendsTheItemToTheTracker_AndShowShowsTheKeyItCameBackWith()
    {
        await using var jira = await RecordingReceiver.StartAsync();
        jira.Answer = _ => new ReceiverAnswer(201, "{\"id\":\"10001\",\"key\":\"OPS-12\",\"self\":\"x\"}");
        using var folder = new TempDirectory();
        var token = Path.Combine(folder.Path, "jira-token");
        await File.WriteAllTextAsync(token, "jira-secret\n");
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, $"postmortems:\n  trackers:\n    - name: jira\n      type: jira\n      url: {jira.Url}\n      project: OPS\n      tokenFile: {token}\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var key = (await cli.RunAsync("declare", "Checkout failing", "--sev", "SEV-3", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        (await cli.RunAsync("action", "add", key, "Add an alert on checkout 5xx above 2 % for 5 minutes", "--owner", "admin", "--due", "2027-01-10", "--type", "detect")).Succeeded();
        Assert.StartsWith("error: 400 There is no tracker 'github'", (await cli.RunAsync("action", "push", "ACT-1", "--tracker", "github")).Failed().StdErr, StringComparison.Ordinal);
        var pushed = (await cli.RunAsync("action", "push", "ACT-1", "--tracker", "jira")).Succeeded().StdOut;
        Assert.Contains("ACT-1 is on its way to jira", pushed, StringComparison.Ordinal);

        await NotifyingConfig.EventuallyAsync(() => jira.Accepted.Count == 1, "the tracker got the item");
        var shown = string.Empty;
        for (var i = 0; i < 50 && !shown.Contains("as OPS-12", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            shown = (await cli.RunAsync("action", "show", "ACT-1")).Succeeded().StdOut;
        }

        Assert.Contains("Tracked in jira as OPS-12", shown, StringComparison.Ordinal);
        var request = Assert.Single(jira.Requests);
        Assert.Equal("/rest/api/2/issue", request.Path);
        Assert.Equal("Bearer jira-secret", request.Header("authorization"));
        Assert.StartsWith("error: 409", (await cli.RunAsync("action", "push", "ACT-1", "--tracker", "jira")).Failed().StdErr, StringComparison.Ordinal);
    }
}
