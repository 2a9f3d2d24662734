using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Server.Notifications.Channels.Webhook;

namespace Firebreak.Server.Postmortems.Trackers;

/// <summary>One delivery channel per configured tracker; the outbox and the dispatcher treat them like any other (retries, the delivery log).</summary>
public sealed class TrackerChannels(FirebreakConfig config, PostmortemService postmortems) : IExtraChannels
{
    public IEnumerable<IChannel> Create(ChannelServices services) =>
        config.Postmortems.Trackers.Select(t => (IChannel)new TrackerChannel(t, services, postmortems));
}

/// <summary>A tracker as the channel list shows it.</summary>
public sealed record TrackerChannelOptions(TrackerOptions Tracker) : ChannelOptions(Tracker.Channel, Tracker.Private)
{
    public override string Type => $"tracker-{Tracker.Type}";

    public override string Target => Tracker.Type == TrackerOptions.GitHub ? $"{Tracker.Url.GetLeftPart(UriPartial.Authority)} {Tracker.Repo}" : Tracker.Url.GetLeftPart(UriPartial.Authority);

    public override IChannel Create(ChannelServices services) => throw new NotSupportedException("Tracker channels are made by the postmortems.");
}

/// <summary>
/// Creates the action item in the tracker (GitHub's create-issue, Jira's create-issue, or a signed
/// webhook), reads back the key and address it answers with, and records them on the item. The
/// item is read when sending, so the tracker gets it as it is then; one already tracked is not sent again.
/// </summary>
public sealed class TrackerChannel(TrackerOptions tracker, ChannelServices services, PostmortemService postmortems) : IChannel
{
    private const int KeepAnswer = 256 * 1024;

    public ChannelOptions Options { get; } = new TrackerChannelOptions(tracker);

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Notification.ActionId is not { } id || await postmortems.ActionForPushAsync(id, cancellationToken) is not { } item)
        {
            return SendResult.Refused("this channel sends only action items that exist");
        }

        if (item.ExternalKey is { } key)
        {
            return SendResult.Delivered(null, $"tracked as {key} already");
        }

        var link = new Uri(delivery.BaseUrl, $"/incidents/{item.IncidentId.ToString(CultureInfo.InvariantCulture)}/postmortem");
        var (body, headers, url) = tracker.Type switch
        {
            TrackerOptions.GitHub => GitHub(item, link),
            TrackerOptions.Jira => Jira(item, link),
            _ => Webhook(item, link, delivery),
        };
        var sent = await HttpDelivery.PostAsync(services, url, body, "application/json", headers, cancellationToken, KeepAnswer);
        if (sent.Outcome != SendOutcome.Delivered)
        {
            return sent with { Detail = sent.Detail is { Length: > 500 } d ? d[..500] : sent.Detail };
        }

        var (external, address) = Read(sent.Detail ?? string.Empty, delivery);
        await postmortems.RecordPushAsync(id, tracker.Name, external, address, cancellationToken);
        return SendResult.Delivered(sent.Status, address is null ? $"tracked as {external}" : $"tracked as {external}: {address}");
    }

    private static string Text(ActionItemState a, Uri link)
    {
        var text = new StringBuilder();
        if (a.Fields.Description is { } description)
        {
            text.Append(description).Append("\n\n");
        }

        text.Append("Type: ").Append(a.Fields.Type is { } type ? WireNames.Of(type) : "none").Append('\n')
            .Append("Priority: ").Append(WireNames.Of(a.Fields.Priority)).Append('\n')
            .Append("Owner: ").Append(a.Fields.Owner ?? "nobody").Append('\n')
            .Append("Due: ").Append(a.Fields.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none").Append('\n')
            .Append("From the postmortem of ").Append(IncidentKey.Format(a.IncidentId)).Append(": ").Append(link).Append(" (").Append(a.Key).Append(')');
        return text.ToString();
    }

    private (byte[], IEnumerable<(string, string)>, Uri) GitHub(ActionItemState a, Uri link)
    {
        var body = new JsonObject
        {
            ["title"] = a.Fields.Title,
            ["body"] = Text(a, link),
            ["labels"] = new JsonArray([.. tracker.Labels.Select(l => (JsonNode?)JsonValue.Create(l))]),
        };
        return (
            Encoding.UTF8.GetBytes(body.ToJsonString()),
            [("Authorization", $"Bearer {tracker.Token!.Reveal()}"), ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")],
            new Uri(tracker.Url, $"/repos/{tracker.Repo}/issues"));
    }

    private (byte[], IEnumerable<(string, string)>, Uri) Jira(ActionItemState a, Uri link)
    {
        var fields = new JsonObject
        {
            ["project"] = new JsonObject { ["key"] = tracker.Project },
            ["summary"] = a.Fields.Title,
            ["description"] = Text(a, link),
            ["issuetype"] = new JsonObject { ["name"] = tracker.IssueType },
            ["labels"] = new JsonArray([.. tracker.Labels.Select(l => (JsonNode?)JsonValue.Create(l))]),
        };
        if (a.Fields.DueOn is { } due)
        {
            fields["duedate"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var token = tracker.Token!.Reveal();
        var authorization = tracker.User is { } user ? $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}"))}" : $"Bearer {token}";
        return (
            Encoding.UTF8.GetBytes(new JsonObject { ["fields"] = fields }.ToJsonString()),
            [("Authorization", authorization), ("Accept", "application/json")],
            new Uri(tracker.Url, "/rest/api/2/issue"));
    }

    private (byte[], IEnumerable<(string, string)>, Uri) Webhook(ActionItemState a, Uri link, Delivery delivery)
    {
        var data = new JsonObject
        {
            ["id"] = a.Key,
            ["incident"] = IncidentKey.Format(a.IncidentId),
            ["title"] = a.Fields.Title,
            ["description"] = a.Fields.Description,
            ["owner"] = a.Fields.Owner,
            ["due"] = a.Fields.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["type"] = a.Fields.Type is { } type ? WireNames.Of(type) : null,
            ["priority"] = WireNames.Of(a.Fields.Priority),
            ["services"] = new JsonArray([.. a.Services.Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["labels"] = new JsonArray([.. tracker.Labels.Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["url"] = link.ToString(),
        };
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = "action.push",
            ["timestamp"] = delivery.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString());
        var timestamp = delivery.Now.ToUnixTimeSeconds();
        var webhookId = WebhookChannel.WebhookId(delivery.IdempotencyKey);
        return (
            body,
            [
                ("webhook-id", webhookId),
                ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
                ("webhook-signature", WebhookSigner.Sign(tracker.Secret!.Reveal(), webhookId, timestamp, body)),
            ],
            tracker.Url);
    }

    // What the tracker answered: GitHub's number and html_url, Jira's key (its page is /browse/KEY),
    // a webhook receiver's key (or id) and url; a receiver that says nothing gets the delivery's id as the key.
    private (string Key, string? Url) Read(string answer, Delivery delivery)
    {
        JsonElement root = default;
        try
        {
            root = JsonDocument.Parse(answer).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

        return tracker.Type switch
        {
            TrackerOptions.GitHub when Str("number") is { } number => ($"{tracker.Repo}#{number}", Safe(Str("html_url"))),
            TrackerOptions.Jira when Str("key") is { } key => (key, new Uri(tracker.Url, $"/browse/{Uri.EscapeDataString(key)}").ToString()),
            TrackerOptions.Webhook when (Str("key") ?? Str("id")) is { } key => (Core.Common.Text.Clip(key, 200), Safe(Str("url"))),
            _ => (WebhookChannel.WebhookId(delivery.IdempotencyKey), null),
        };
    }

    // Only an http(s) address is kept, so a link shown on the item cannot run script.
    private static string? Safe(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? Core.Common.Text.Clip(u.ToString(), 2000) : null;
}
