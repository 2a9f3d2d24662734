using System.Text;
using System.Text.Json.Nodes;

namespace Firebreak.Server.Notifications.Channels.Mattermost;

/// <summary>
/// The Mattermost message: <c>text</c> is the headline, and one Slack-compatible attachment carries
/// the colour by urgency, the title linking to the incident, the text, the facts and who did it.
/// </summary>
public static class MattermostRenderer
{
    public static byte[] Render(Delivery delivery) => Encoding.UTF8.GetBytes(Payload(delivery).ToJsonString());

    public static JsonObject Payload(Delivery delivery)
    {
        var n = delivery.Notification;
        var headline = MattermostText.Escape(n.Headline);
        var fields = new JsonArray();
        foreach (var (label, value) in ChatFacts.Of(n))
        {
            fields.Add(new JsonObject { ["title"] = label, ["value"] = MattermostText.Escape(value), ["short"] = true });
        }

        var attachment = new JsonObject
        {
            ["color"] = Color(ChatFacts.Urgency(n)),
            ["title"] = headline,
            ["title_link"] = delivery.Link.AbsoluteUri,
        };
        if (n.ShortText(ChatFacts.MaxText) is { } text)
        {
            attachment["text"] = MattermostText.Escape(text);
        }

        attachment["fields"] = fields;
        attachment["footer"] = $"Firebreak · {MattermostText.Escape(n.Actor)} · {ChatFacts.When(n)}";
        return new JsonObject { ["text"] = headline, ["attachments"] = new JsonArray { attachment } };
    }

    private static string Color(ChatUrgency urgency) => urgency switch
    {
        ChatUrgency.Resolved => "#2e7d32",
        ChatUrgency.Highest => "#d32f2f",
        ChatUrgency.High => "#f57c00",
        _ => "#1976d2",
    };
}
