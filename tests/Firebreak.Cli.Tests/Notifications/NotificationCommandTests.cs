using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests.Notifications;

/// <summary>
/// The real executable against a real server whose channels point at recording receivers: an update
/// says where it goes, `deliveries` shows how it fared, a failed one is retried, `channel list` and
/// `channel test` show the channels and the receiver's answer.
/// </summary>
public sealed class NotificationCommandTests
{
    [Fact]
    public async Task Update_SaysWhereItGoes_AndDeliveriesShowHowItFared_ThenAFailedOneIsRetried()
    {
        await using var team = await RecordingReceiver.StartAsync();
        await using var pager = await RecordingReceiver.StartAsync();
        var pagerUp = false;
        pager.Answer = _ => pagerUp ? ReceiverAnswer.Ok : new ReceiverAnswer(410, "gone");
        using var folder = new TempDirectory();
        var config = NotifyingConfig.Write(folder, [("team", team.Url), ("pager", pager.Url)],
            "routes:\n  - events: [declared, update-internal]\n    channels: [team]\n  - events: [declared]\n    channels: [pager]\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var declared = (await cli.RunAsync("declare", "Checkout failing", "--sev", "SEV-2", "--json")).Succeeded().Json();
        var key = declared.GetProperty("key").GetString()!;
        var update = (await cli.RunAsync("update", key, "Rolling back the deploy")).Succeeded().StdOut;
        Assert.Contains($"Update posted. Sending to team (firebreak deliveries {key} shows how they fare).", update, StringComparison.Ordinal);

        await NotifyingConfig.EventuallyAsync(() => team.Accepted.Count == 2 && pager.Requests.Count == 1, "team has both messages and pager refused one");
        JsonElement[] rows = [];
        await NotifyingConfig.EventuallyAsync(
            () =>
            {
                rows = [.. cli.RunAsync("deliveries", key, "--json").GetAwaiter().GetResult().Succeeded().Json().GetProperty("items").EnumerateArray()];
                return rows.Length == 3 && rows.All(r => r.GetProperty("state").GetString() != "pending");
            },
            "every delivery is settled");
        var text = (await cli.RunAsync("deliveries", key)).Succeeded().StdOut;
        Assert.Matches(@$"{key}\s+#\d+\s+update-internal\s+team\s+delivered \d{{4}}-", text);
        Assert.Matches(@$"{key}\s+#1\s+declared\s+pager\s+failed after 1 try: 410 gone", text);

        var failedId = rows.Single(r => r.GetProperty("state").GetString() == "failed").GetProperty("id").GetInt64();
        var shown = (await cli.RunAsync("deliveries", "show", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded().StdOut;
        Assert.Contains("try 1", shown, StringComparison.Ordinal);
        Assert.Contains("refused 410  410 gone", shown, StringComparison.Ordinal);
        pagerUp = true;
        var retried = (await cli.RunAsync("deliveries", "retry", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded().StdOut;
        Assert.Contains($"Delivery {failedId} to pager is pending again", retried, StringComparison.Ordinal);
        await NotifyingConfig.EventuallyAsync(() => pager.Accepted.Count == 1, "pager took the retried message");
        Assert.Equal(pager.Requests[0].Header("webhook-id"), pager.Requests[1].Header("webhook-id"));
        var again = (await cli.RunAsync("deliveries", "retry", failedId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Failed();
        Assert.StartsWith("error: 409", again.StdErr, StringComparison.Ordinal);
        Assert.StartsWith("error: 400", (await cli.RunAsync("deliveries", "--state", "lost")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelList_AndChannelTest_ShowTheChannelsAndTheReceiversAnswer()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Answer = _ => new ReceiverAnswer(200, "ok from the receiver");
        using var folder = new TempDirectory();
        var config = NotifyingConfig.Write(folder, [("ops", receiver.Url + "/hooks/T0/B0/s3cr3t"), ("dead", RecordingReceiver.RefusingUrl())],
            "routes:\n  - events: [declared, silence]\n    channels: [ops]\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var list = (await cli.RunAsync("channel", "list")).Succeeded().StdOut;
        Assert.Matches(@"ops\s+webhook\s+http://127\.0\.0\.1:\d+/hooks/T0/B0/s3cr3t\s+public incidents only\s+declared, silence", list);
        Assert.Matches(@"dead\s+webhook\s+.*no route sends here", list);
        Assert.DoesNotContain(NotifyingConfig.Secret, list, StringComparison.Ordinal);

        var tested = (await cli.RunAsync("channel", "test", "ops")).Succeeded().StdOut;
        Assert.Matches(@"ops \(webhook, .*\): delivered in \d+ ms, status 200", tested);
        Assert.Contains("The receiver answered: ok from the receiver", tested, StringComparison.Ordinal);
        Assert.Equal("incident.test", JsonDocument.Parse(receiver.Requests.Single().Body).RootElement.GetProperty("type").GetString());

        var dead = (await cli.RunAsync("channel", "test", "dead")).Failed();
        Assert.Contains("dead (webhook", dead.StdOut, StringComparison.Ordinal);
        Assert.Contains("was not delivered (failed)", dead.StdErr, StringComparison.Ordinal);
        Assert.StartsWith("error: 404", (await cli.RunAsync("channel", "test", "nope")).Failed().StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(NotifyingConfig.Secret, server.Output + server.Errors, StringComparison.Ordinal);
    }
}
