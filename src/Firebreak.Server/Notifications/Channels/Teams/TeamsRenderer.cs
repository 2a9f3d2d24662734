using System.Text;
using System.Text.Json.Nodes;

namespace Firebreak.Server.Notifications.Channels.Teams;

/// <summary>
/// The Workflows envelope (<c>{"type":"message","attachments":[…]}</c>) around an Adaptive Card 1.4:
/// the headline coloured by urgency, a FactSet, the text, who and when, and a button to the incident.
/// </summary>
public static class TeamsRenderer
{
    public static byte[] Render(Delivery delivery) => Encoding.UTF8.GetBytes(Payload(delivery).ToJsonString());

    public static JsonObject Payload(Delivery delivery)
    {
        var n = delivery.Notification;
        var facts = new JsonArray();
        foreach (var (label, value) in ChatFacts.Of(n))
        {
            facts.Add(new JsonObject { ["title"] = label, ["value"] = TeamsText.Escape(value) });
        }

        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = TeamsText.Escape(n.Headline),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
                ["color"] = Color(ChatFacts.Urgency(n)),
            },
            new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
        };
        if (n.ShortText(ChatFacts.MaxText) is { } text)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = TeamsText.Escape(text), ["wrap"] = true });
        }

        body.Add(new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = $"{TeamsText.Escape(n.Actor)} · {ChatFacts.When(n)}",
            ["isSubtle"] = true,
            ["size"] = "Small",
            ["wrap"] = true,
        });

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = $"Open {n.IncidentKey}", ["url"] = delivery.Link.AbsoluteUri },
            },
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                },
            },
        };
    }

    private static string Color(ChatUrgency urgency) => urgency switch
    {
        ChatUrgency.Resolved => "Good",
        ChatUrgency.Highest => "Attention",
        ChatUrgency.High => "Warning",
        _ => "Accent",
    };
}
