using System.Text.Json.Nodes;
using Firebreak.Server.Notifications.Channels.Mattermost;

namespace Firebreak.Server.Tests.Notifications.Channels;

/// <summary>The Mattermost message, compared with recorded payloads, and what it does with hostile text.</summary>
public sealed class MattermostRendererTests
{
    [Theory]
    [InlineData("update")]
    [InlineData("nudge")]
    [InlineData("resolve")]
    public void Render_IsTheRecordedPayload(string sample) =>
        ChatSamples.AssertRecorded($"mattermost-{sample}.json", MattermostRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Sample(sample))));

    [Fact]
    public void HostileText_IsNeutralised_NoMentionNoLinkNoMarkdown()
    {
        var payload = JsonNode.Parse(MattermostRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.HostileUpdate)))!;
        var attachment = payload["attachments"]![0]!;
        var user = new[] { payload["text"], attachment["title"], attachment["text"], attachment["footer"], attachment["fields"]!.AsArray().Last()!["value"] }
            .Select(n => n!.GetValue<string>())
            .ToList();

        const string Escaped = "&lt;\\!channel&gt; &lt;https://evil.example\\|click&gt; @\u200Bhere \\[x\\]\\(https://evil\\) \\*bold\\* &amp; &lt;script&gt;alert\\(1\\)&lt;/script&gt;";
        Assert.Equal("INC\\-7 update: " + Escaped, user[0]);
        Assert.Equal(Escaped, user[2]);
        Assert.Equal("@\u200Ball", user[4]);
        Assert.All(user, t =>
        {
            Assert.DoesNotContain("<", t, StringComparison.Ordinal);
            Assert.DoesNotMatch("@(here|channel|all)", t);
            Assert.DoesNotContain("[x](", t, StringComparison.Ordinal);
        });
        Assert.Equal("https://firebreak.example.com/incidents/7", attachment["title_link"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("SEV-1", "investigating", "#d32f2f")]
    [InlineData("SEV-2", "mitigated", "#f57c00")]
    [InlineData("SEV-4", "investigating", "#1976d2")]
    [InlineData("SEV-1", "resolved", "#2e7d32")]
    public void TheColour_FollowsTheSeverity_AndResolvedIsGreen(string severity, string status, string colour)
    {
        var payload = JsonNode.Parse(MattermostRenderer.Render(ChatSamples.DeliveryOf(ChatSamples.Update with { Severity = severity, Status = status })))!;
        Assert.Equal(colour, payload["attachments"]![0]!["color"]!.GetValue<string>());
    }
}
