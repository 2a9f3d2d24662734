using System.Text.Json;
using Firebreak.Core.Notifications;

namespace Firebreak.Server.Notifications.Channels.Webhook;

/// <summary>
/// The generic webhook's body, the envelope Standard Webhooks suggests:
/// <c>{"type": "incident.&lt;kind&gt;", "timestamp": ISO-8601, "data": {…the message's facts…}}</c>.
/// Documented in docs/notifications.md; fields are only ever added.
/// </summary>
public static class WebhookRenderer
{
    public static byte[] Render(Delivery delivery)
    {
        var n = delivery.Notification;
        var body = new WebhookBody(
            $"incident.{n.Kind}",
            n.At,
            new WebhookData(
                n.IncidentKey,
                n.IncidentId,
                n.Kind,
                n.Title,
                n.Severity,
                n.Status,
                n.Private,
                n.Services,
                n.Headline,
                n.Text,
                n.PublicStatus,
                [.. n.AddressedTo.Select(a => new WebhookAddressee(a.Role, a.Holder))],
                n.Actor,
                delivery.Link.ToString()));
        return JsonSerializer.SerializeToUtf8Bytes(body, NotificationsJson.Default.WebhookBody);
    }
}

public sealed record WebhookBody(string Type, DateTimeOffset Timestamp, WebhookData Data);

public sealed record WebhookData(
    string Incident,
    long IncidentId,
    string Kind,
    string Title,
    string Severity,
    string Status,
    bool Private,
    IReadOnlyList<string> Services,
    string Headline,
    string? Text,
    string? PublicStatus,
    IReadOnlyList<WebhookAddressee> AddressedTo,
    string Actor,
    string Url);

public sealed record WebhookAddressee(string Role, string Holder);
