using System.Text.Json.Nodes;
using Firebreak.Server.Notifications.Channels.Slack;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>The Slack message, compared with recorded payloads, and what it does with hostile text.</summary>
public sealed class SlackRendererTests
{
    [Theory]
    [InlineData("update")]
    [InlineData("nudge")]
    [InlineData("resolve")]
    public void Render_IsTheRecordedPayload(string sample) =>
        ChatSamples.AssertRecorded($"slack-{sample}.json", SlackRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Sample(sample))));

    [Fact]
    public void HostileText_StaysInertText_NoMentionNoLink()
    {
        var payload = JsonNode.Parse(SlackRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.HostileUpdate)))!;
        var mrkdwn = ChatSamples.Strings(payload, "text").Where(t => t != ChatSamples.HostileUpdate.Headline).ToList();
        var header = payload["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(ChatSamples.HostileUpdate.Headline, header);

        var all = string.Join('\n', mrkdwn);
        Assert.DoesNotContain("<!channel>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U123>", all, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &lt;https://evil.example|click&gt;", all, StringComparison.Ordinal);
        Assert.Contains("&amp; &lt;script&gt;", all, StringComparison.Ordinal);
        Assert.Equal("INC-7 update: " + SlackText.Escape(ChatSamples.Hostile), payload["text"]!.GetValue<string>());

        // The one link left is Firebreak's own, to the incident.
        Assert.Equal(["<https://firebreak.example.com/incidents/7|Open INC-7>"], System.Text.RegularExpressions.Regex.Matches(all, "<[^>]*>").Select(m => m.Value));
    }

    [Fact]
    public void ALongTitleAndText_StayWithinSlacksLimits()
    {
        var n = ChatSamples.Update with { Headline = "INC-7 update: " + new string('x', 400), Text = string.Concat(Enumerable.Repeat("<&> ", 2000)) };
        var payload = JsonNode.Parse(SlackRenderer.Render(ChatSamples.DeliveryOf(n)))!;
        var blocks = payload["blocks"]!.AsArray();
        Assert.Equal(150, blocks[0]!["text"]!["text"]!.GetValue<string>().Length);
        Assert.All(blocks.Where(b => b!["type"]!.GetValue<string>() == "section"), b => Assert.InRange(b!["text"]!["text"]!.GetValue<string>().Length, 1, 3000));
        Assert.EndsWith("…", blocks[2]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
