using System.Text.Json.Nodes;
using Firebreak.Server.Notifications.Channels.Webhook;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>The generic webhook's documented body, compared with recorded payloads; text goes through as JSON strings, unchanged.</summary>
public sealed class WebhookRendererTests
{
    [Theory]
    [InlineData("update")]
    [InlineData("nudge")]
    public void Render_IsTheRecordedPayload(string sample) =>
        ChatSamples.AssertRecorded($"webhook-{sample}.json", WebhookRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Sample(sample))));

    [Fact]
    public void HostileText_ArrivesAsTheSameString_InValidJson()
    {
        var payload = JsonNode.Parse(WebhookRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.HostileUpdate)))!;
        Assert.Equal(ChatSamples.Hostile, payload["data"]!["title"]!.GetValue<string>());
        Assert.Equal(ChatSamples.Hostile, payload["data"]!["text"]!.GetValue<string>());
        Assert.Equal("<@U123>", payload["data"]!["actor"]!.GetValue<string>());
    }
}
