using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>
/// Through the real server: a chat channel declared in firebreak.yaml with its address in a file gets
/// the routed events, in its own format, at the full secret address, while the API shows only the host.
/// </summary>
public sealed class ChatChannelDeliveryTests
{
    private const string SecretPath = "/hooks/T000/B000/XXXXSECRET";

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("mattermost")]
    public async Task DeclareAndUpdate_ReachTheChatChannel_InItsFormat(string type)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var urlFile = Path.Combine(TestDatabases.TempDirectory(), "chat-url");
        File.WriteAllText(urlFile, receiver.Url + SecretPath + "\n");
        await using var server = NotifyingServer.StartWith(
            $"channels:\n  - name: team-chat\n    type: {type}\n    urlFile: {urlFile}\n" +
            "routes:\n  - events: [declared, update-internal]\n    channels: [team-chat]\n");

        var id = await server.Admin.DeclareIdAsync("Checkout <!channel> 5xx", "SEV-1");
        await server.Admin.PostUpdateAsync(id, "Rolling back [the deploy](https://evil.example) <https://evil.example|now>.");
        Assert.Equal(2, await server.DispatchAsync());

        var got = receiver.Requests;
        Assert.Equal(2, got.Count);
        Assert.All(got, r => Assert.Equal(("POST", SecretPath), (r.Method, r.Path)));
        Assert.All(got, r => Assert.StartsWith("application/json", r.Header("content-type"), StringComparison.Ordinal));
        var link = $"/incidents/{id}";
        var (headline, text) = Read(type, NotifyingServer.Body(got[1]));
        Assert.Contains($"INC", headline, StringComparison.Ordinal);
        Assert.Contains(link, got[1].Text, StringComparison.Ordinal);
        Assert.Contains("Rolling back", text, StringComparison.Ordinal);
        // Each format's own link syntax is what must not survive: <url|text> in Slack, [text](url) in the others.
        Assert.DoesNotContain(type == "slack" ? "<https://evil" : "[the deploy](", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", NotifyingServer.Body(got[0]).GetRawText().Replace("\\u003C", "<", StringComparison.Ordinal), StringComparison.Ordinal);

        var log = await server.DeliveryItemsAsync($"?incident=INC-{id}");
        Assert.Equal(2, log.Count);
        Assert.All(log, d => Assert.Equal(("delivered", "team-chat", type), (d.Str("state"), d.Str("channel"), d.Str("channelType"))));
        var channels = await HttpAssert.JsonAsync(await server.Admin.GetAsync("/api/v1/channels"));
        Assert.DoesNotContain("XXXXSECRET", channels.GetRawText(), StringComparison.Ordinal);
        Assert.Contains($"\"{receiver.Url}\"", channels.GetRawText(), StringComparison.Ordinal);
    }

    private static (string Headline, string Text) Read(string type, JsonElement body) => type switch
    {
        "slack" => (body.Str("text"), body.GetProperty("blocks")[2].GetProperty("text").Str("text")),
        "teams" => ReadTeams(body.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")),
        _ => (body.Str("text"), body.GetProperty("attachments")[0].Str("text")),
    };

    private static (string, string) ReadTeams(JsonElement body) => (body[0].Str("text"), body[2].Str("text"));
}
