using System.Text;
using System.Text.Json.Nodes;

namespace Firebreak.Server.Notifications.Channels.Slack;

/// <summary>
/// The Slack message: <c>text</c> (the notification fallback, the headline) and Block Kit blocks: a
/// header, the facts, the text, and a context line with who, when and the link to the incident.
/// </summary>
public static class SlackRenderer
{
    private const int MaxHeader = 150;
    private const int MaxSection = 3000;

    public static byte[] Render(Delivery delivery) => Encoding.UTF8.GetBytes(Payload(delivery).ToJsonString());

    public static JsonObject Payload(Delivery delivery)
    {
        var n = delivery.Notification;
        var facts = string.Join('\n', ChatFacts.Of(n).Select(f => $"*{f.Label}:* {SlackText.Escape(f.Value)}"));
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ChatFacts.Clip(n.Headline, MaxHeader) },
            },
            Section(facts),
        };
        if (n.ShortText(ChatFacts.MaxText) is { } text)
        {
            blocks.Add(Section(SlackText.Escape(text)));
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "mrkdwn",
                    ["text"] = $"{SlackText.Escape(n.Actor)} · {ChatFacts.When(n)} · <{delivery.Link.AbsoluteUri}|Open {n.IncidentKey}>",
                },
            },
        });
        return new JsonObject { ["text"] = SlackText.Escape(n.Headline), ["blocks"] = blocks };
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = ChatFacts.Clip(mrkdwn, MaxSection) },
    };
}
