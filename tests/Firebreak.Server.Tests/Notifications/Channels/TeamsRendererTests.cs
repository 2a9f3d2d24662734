using System.Text.Json.Nodes;
using Firebreak.Server.Notifications.Channels.Teams;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>The Teams Adaptive Card, compared with recorded payloads, and what it does with hostile text.</summary>
public sealed class TeamsRendererTests
{
    [Theory]
    [InlineData("update")]
    [InlineData("nudge")]
    [InlineData("resolve")]
    public void Render_IsTheRecordedPayload(string sample) =>
        ChatSamples.AssertRecorded($"teams-{sample}.json", TeamsRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Sample(sample))));

    [Fact]
    public void HostileText_HasItsMarkdownEscaped()
    {
        var payload = JsonNode.Parse(TeamsRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.HostileUpdate)))!;
        var body = payload["attachments"]![0]!["content"]!["body"]!.AsArray();
        var texts = ChatSamples.Strings(body, "text");
        var values = ChatSamples.Strings(body, "value");
        const string Escaped = @"\<\!channel\> \<https://evil.example\|click\> @here \[x\]\(https://evil\) \*bold\* & \<script\>alert\(1\)\</script\>";

        Assert.Equal(@"INC\-7 update: " + Escaped, texts[0]);
        Assert.Equal(Escaped, texts[1]);
        Assert.Equal(@"\<@U123\> · 2026-03-14 09:26 UTC", texts[2]);
        Assert.All(texts.Concat(values), t => Assert.DoesNotContain("[x](", t, StringComparison.Ordinal));
        Assert.All(texts.Concat(values), t => Assert.DoesNotMatch(@"(?<!\\)\*bold", t));
    }

    [Theory]
    [InlineData("SEV-1", "investigating", "Attention")]
    [InlineData("SEV-2", "investigating", "Warning")]
    [InlineData("SEV-3", "investigating", "Accent")]
    [InlineData("SEV-1", "resolved", "Good")]
    public void TheHeaderColour_FollowsTheSeverity_AndResolvedIsGood(string severity, string status, string colour)
    {
        var payload = JsonNode.Parse(TeamsRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Update with { Severity = severity, Status = status })))!;
        Assert.Equal(colour, payload["attachments"]![0]!["content"]!["body"]![0]!["color"]!.GetValue<string>());
    }
}
