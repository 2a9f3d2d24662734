using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Core.Notifications;
using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Server.Notifications.Channels.Email;
using Firebreak.Server.Notifications.Channels.Webhook;
using Firebreak.Storage.StatusPage;
using MimeKit;

namespace Firebreak.Server.StatusPage.Subscribers;

/// <summary>
/// The two channels the status page's subscribers are sent through: their mail (through the
/// configured email channel's mail server, to each subscriber's address) and their webhooks (each
/// signed with the subscriber's own secret). The outbox and the dispatcher treat them like any other.
/// </summary>
public sealed class SubscriberChannels(FirebreakConfig config, SubscriberStore store) : IExtraChannels
{
    public const string EmailName = "status-subscribers-email";
    public const string WebhookName = "status-subscribers-webhook";

    /// <summary>The channel a subscriber of <paramref name="kind"/> is sent through, or null when that kind is not offered.</summary>
    public static string? ChannelFor(string kind, SubscribersConfig subscribers) => kind switch
    {
        Subscriber.Email when subscribers.EmailChannel is not null => EmailName,
        Subscriber.Webhook when subscribers.Webhooks => WebhookName,
        _ => null,
    };

    public IEnumerable<IChannel> Create(ChannelServices services)
    {
        var page = config.StatusPage;
        if (page.Subscribers.EmailChannel is { } name && config.Notifications.Channels.FirstOrDefault(c => c.Name == name) is EmailOptions mail)
        {
            yield return new SubscriberEmailChannel(new SubscriberChannelOptions(EmailName, "email", mail.Target), new EmailChannel(mail, services), store, mail.From, page.Name);
        }

        if (page.Subscribers.Webhooks)
        {
            yield return new SubscriberWebhookChannel(new SubscriberChannelOptions(WebhookName, "webhook", "each subscriber's URL"), services, store, page.Name);
        }
    }
}

/// <summary>A subscriber channel as the channel list shows it.</summary>
public sealed record SubscriberChannelOptions(string Name, string Kind, string Where) : ChannelOptions(Name, Private: false)
{
    public override string Type => $"status-{Kind}";

    public override string Target => Where;

    public override IChannel Create(ChannelServices services) => throw new NotSupportedException("Subscriber channels are made by the status page.");
}

/// <summary>The public links every subscriber message carries.</summary>
public static class SubscriberLinks
{
    public static Uri Page(Uri baseUrl) => new(baseUrl, StatusSnapshots.PagePath);

    /// <summary>The page where a subscriber confirms, chooses components, or unsubscribes.</summary>
    public static Uri Manage(Uri baseUrl, string token) => new(baseUrl, $"/status/subscriptions/{token}");

    /// <summary>RFC 8058 one-click unsubscribe (POST), also the List-Unsubscribe address.</summary>
    public static Uri Unsubscribe(Uri baseUrl, string token) => new(baseUrl, $"/status/subscriptions/{token}/unsubscribe");
}

/// <summary>Mail to one subscriber: plain text and HTML, List-Unsubscribe with one click (RFC 8058), a stable Message-ID.</summary>
public sealed class SubscriberEmailChannel(ChannelOptions options, EmailChannel mail, SubscriberStore store, MailboxAddress from, string pageName) : IChannel
{
    public ChannelOptions Options => options;

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Notification.Subscription is not { Kind: Subscriber.Email } to)
        {
            return SendResult.Refused("this channel sends only to the status page's email subscribers");
        }

        // Unsubscribed since the message was queued: the address is forgotten, and nothing more goes to it.
        if (await store.ByIdAsync(to.SubscriberId, cancellationToken) is not { } subscriber || subscriber.Token != to.Token)
        {
            return SendResult.Refused("the subscriber unsubscribed");
        }

        return await mail.SendMessageAsync(Render(delivery, to, from, pageName), cancellationToken);
    }

    public static MimeMessage Render(Delivery delivery, Subscription to, MailboxAddress from, string pageName)
    {
        var n = delivery.Notification;
        var unsubscribe = SubscriberLinks.Unsubscribe(delivery.BaseUrl, to.Token);
        var manage = SubscriberLinks.Manage(delivery.BaseUrl, to.Token);
        var message = new MimeMessage
        {
            Subject = EmailRenderer.OneLine(n.Kind == SubscriberNews.ConfirmKind ? n.Headline : $"[{pageName}] {n.Headline}"),
            Date = delivery.Now,
            MessageId = EmailRenderer.MessageId(delivery.IdempotencyKey, delivery.BaseUrl)[1..^1],
        };
        message.From.Add(from.Clone());
        message.To.Add(MailboxAddress.Parse(to.Address));
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Firebreak-Event", EmailRenderer.OneLine(n.Kind));

        var text = new StringBuilder();
        var html = new StringBuilder("<div style=\"font-family: sans-serif; max-width: 40em;\">");
        string E(string s) => WebUtility.HtmlEncode(s);
        text.Append(EmailRenderer.OneLine(n.Headline)).Append("\n\n").Append(EmailRenderer.Lines(n.Text ?? string.Empty)).Append("\n\n");
        html.Append("<h2>").Append(E(EmailRenderer.OneLine(n.Headline))).Append("</h2><p>").Append(E(EmailRenderer.Lines(n.Text ?? string.Empty)).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        if (n.Kind == SubscriberNews.ConfirmKind)
        {
            text.Append("Confirm: ").Append(manage).Append('\n');
            html.Append("<p><a href=\"").Append(E(manage.ToString())).Append("\">Confirm your subscription</a></p>");
        }
        else
        {
            if (n.Components.Count > 0)
            {
                text.Append("Affects: ").Append(EmailRenderer.OneLine(string.Join(", ", n.Components))).Append('\n');
                html.Append("<p>Affects: ").Append(E(EmailRenderer.OneLine(string.Join(", ", n.Components)))).Append("</p>");
            }

            var page = SubscriberLinks.Page(delivery.BaseUrl);
            text.Append("Status page: ").Append(page).Append('\n');
            html.Append("<p><a href=\"").Append(E(page.ToString())).Append("\">").Append(E(pageName)).Append("</a></p>");
        }

        text.Append("\nChoose components or unsubscribe: ").Append(manage).Append('\n');
        html.Append("<p style=\"color: #555; font-size: 13px;\"><a href=\"").Append(E(manage.ToString())).Append("\">Choose components or unsubscribe</a></p></div>");
        message.Body = new MultipartAlternative
        {
            new TextPart("plain") { Text = text.ToString() },
            new TextPart("html") { Text = html.ToString() },
        };
        return message;
    }
}

/// <summary>A webhook to one subscriber, Standard Webhooks signed with that subscriber's own secret (read when sending, so a removed subscriber gets nothing).</summary>
public sealed class SubscriberWebhookChannel(ChannelOptions options, ChannelServices services, SubscriberStore store, string pageName) : IChannel
{
    public ChannelOptions Options => options;

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Notification.Subscription is not { Kind: Subscriber.Webhook } to)
        {
            return SendResult.Refused("this channel sends only to the status page's webhook subscribers");
        }

        if (await store.ByIdAsync(to.SubscriberId, cancellationToken) is not { Secret: { } secret } subscriber || !Uri.TryCreate(subscriber.Address, UriKind.Absolute, out var url))
        {
            return SendResult.Refused("the subscriber was removed");
        }

        var body = Render(delivery, pageName);
        var timestamp = delivery.Now.ToUnixTimeSeconds();
        var id = WebhookChannel.WebhookId(delivery.IdempotencyKey);
        return await HttpDelivery.PostAsync(
            services,
            url,
            body,
            "application/json",
            [
                ("webhook-id", id),
                ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
                ("webhook-signature", WebhookSigner.Sign(secret, id, timestamp, body)),
            ],
            cancellationToken);
    }

    /// <summary>The body: what happened (incident or maintenance), its public status and words, the components, and the links.</summary>
    public static byte[] Render(Delivery delivery, string pageName)
    {
        var n = delivery.Notification;
        var about = new JsonObject
        {
            ["title"] = n.Title,
            ["status"] = n.Status,
            ["body"] = n.Text,
            ["components"] = new JsonArray([.. n.Components.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["url"] = new Uri(SubscriberLinks.Page(delivery.BaseUrl), n.MaintenanceId is { } m ? $"#maintenance-{m}" : $"#incident-{n.IncidentId}").ToString(),
        };
        if (n.MaintenanceId is { } maintenance)
        {
            about["id"] = $"MNT-{maintenance}";
        }
        else
        {
            about["id"] = n.IncidentKey;
        }

        var root = new JsonObject
        {
            ["type"] = n.MaintenanceId is null ? "incident.updated" : "maintenance.updated",
            ["page"] = new JsonObject { ["name"] = pageName, ["url"] = SubscriberLinks.Page(delivery.BaseUrl).ToString() },
            [n.MaintenanceId is null ? "incident" : "maintenance"] = about,
            ["at"] = n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["unsubscribe"] = SubscriberLinks.Unsubscribe(delivery.BaseUrl, n.Subscription?.Token ?? string.Empty).ToString(),
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
