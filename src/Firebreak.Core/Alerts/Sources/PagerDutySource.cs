using System.Text.Json;
using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts.Sources;

/// <summary>
/// PagerDuty's Events API v2 (<c>POST /v2/enqueue</c>): one event per request, trigger, acknowledge or
/// resolve, keyed by dedup_key and sent with the integration's routing_key. The payload's fields become
/// labels (source, component, group, class, severity) so that routing and grouping read them as they read
/// Alertmanager's labels; custom_details become annotations.
/// </summary>
public static class PagerDutySource
{
    public const int RoutingKeyLength = 32;
    public static readonly string[] Severities = ["critical", "error", "warning", "info"];

    /// <summary>The event, with the routing key it names; <paramref name="newKey"/> makes a dedup_key for a trigger without one.</summary>
    public static Result<(string RoutingKey, IntakeBatch Batch)> Parse(JsonElement root, DateTimeOffset now, Func<string> newKey)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Invalid("body", "Event object format is unrecognized");
        }

        var routingKey = AlertFields.String(root, "routing_key", "routing_key", 256);
        if (!routingKey.IsSuccess || string.IsNullOrEmpty(routingKey.Value))
        {
            return new Invalid("routing_key", "'routing_key' is missing or blank");
        }

        if (routingKey.Value.Length != RoutingKeyLength)
        {
            return new Invalid("routing_key", $"Length of 'routing_key' is incorrect (should be {RoutingKeyLength} characters)");
        }

        var action = AlertFields.String(root, "event_action", "event_action", 32);
        if (!action.IsSuccess || action.Value is not ("trigger" or "acknowledge" or "resolve"))
        {
            return new Invalid("event_action", "'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
        }

        var dedup = AlertFields.String(root, "dedup_key", "dedup_key", AlertLimits.MaxFingerprint);
        if (!dedup.IsSuccess)
        {
            return new Invalid("dedup_key", $"'dedup_key' is invalid (a string of at most {AlertLimits.MaxFingerprint} characters)");
        }

        if (action.Value != "trigger" && string.IsNullOrEmpty(dedup.Value))
        {
            return new Invalid("dedup_key", "'dedup_key' is missing or blank");
        }

        var key = string.IsNullOrEmpty(dedup.Value) ? newKey() : dedup.Value;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        string title = key;
        DateTimeOffset? at = null;
        if (root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
        {
            var summary = AlertFields.String(payload, "summary", "payload.summary", AlertLimits.MaxTitle);
            var source = AlertFields.String(payload, "source", "payload.source", AlertLimits.MaxLabelValue);
            var severity = AlertFields.String(payload, "severity", "payload.severity", 32);
            if (action.Value == "trigger")
            {
                if (!summary.IsSuccess || string.IsNullOrWhiteSpace(summary.Value))
                {
                    return new Invalid("payload.summary", summary.IsSuccess ? "'payload.summary' is missing or blank" : summary.Error!.Message);
                }

                if (!source.IsSuccess || string.IsNullOrWhiteSpace(source.Value))
                {
                    return new Invalid("payload.source", "'payload.source' is missing or blank");
                }

                if (!severity.IsSuccess || string.IsNullOrWhiteSpace(severity.Value))
                {
                    return new Invalid("payload.severity", "'payload.severity' is missing or blank");
                }

                if (!Severities.Contains(severity.Value))
                {
                    return new Invalid("payload.severity", $"'payload.severity' is invalid (must be one of {string.Join(", ", Severities)})");
                }
            }

            foreach (var (name, value) in new[] { ("source", source), ("severity", severity) })
            {
                if (value.IsSuccess && !string.IsNullOrEmpty(value.Value))
                {
                    labels[name] = value.Value;
                }
            }

            foreach (var name in new[] { "component", "group", "class" })
            {
                var value = AlertFields.String(payload, name, "payload." + name, AlertLimits.MaxLabelValue);
                if (!value.IsSuccess)
                {
                    return value.Error!;
                }

                if (!string.IsNullOrEmpty(value.Value))
                {
                    labels[name] = value.Value;
                }
            }

            var timestamp = AlertFields.Time(payload, "timestamp", "payload.timestamp");
            at = timestamp.IsSuccess ? timestamp.Value : null;
            if (payload.TryGetProperty("custom_details", out var details) && details.ValueKind == JsonValueKind.Object)
            {
                foreach (var detail in details.EnumerateObject().Take(AlertLimits.MaxLabels))
                {
                    var text = detail.Value.ValueKind == JsonValueKind.String ? detail.Value.GetString()! : detail.Value.GetRawText();
                    if (detail.Name.Length is > 0 and <= AlertLimits.MaxLabelName && text.Length > 0)
                    {
                        annotations[detail.Name] = Text.Clip(text, AlertLimits.MaxAnnotation);
                    }
                }
            }

            if (summary.IsSuccess && !string.IsNullOrWhiteSpace(summary.Value))
            {
                title = AlertFields.Title(labels, new Dictionary<string, string> { ["summary"] = summary.Value }, key);
                annotations["summary"] = summary.Value;
            }
        }
        else if (action.Value == "trigger")
        {
            return new Invalid("payload", "'payload' is missing or blank");
        }

        string? link = null;
        var client = AlertFields.String(root, "client_url", "client_url", 4_096);
        if (client.IsSuccess && !string.IsNullOrEmpty(client.Value))
        {
            link = client.Value;
        }
        else if (root.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array && links.GetArrayLength() > 0
                 && links[0].ValueKind == JsonValueKind.Object && AlertFields.String(links[0], "href", "links[0].href", 4_096) is { IsSuccess: true, Value: { Length: > 0 } href })
        {
            link = href;
        }

        var alert = new IncomingAlert(
            key,
            action.Value == "resolve" ? AlertStatus.Resolved : AlertStatus.Firing,
            title,
            labels,
            annotations,
            action.Value == "trigger" ? at ?? now : null,
            action.Value == "resolve" ? now : null,
            link);
        var batch = new IntakeBatch([alert], Action: action.Value == "acknowledge" ? IntakeAction.Acknowledge : IntakeAction.Notify) { DedupKey = key };
        return (routingKey.Value, batch);
    }

    /// <summary>
    /// A change event (<c>POST /v2/change/enqueue</c>): the routing key, and what changed — the summary, where
    /// (source), when (timestamp, kept as sent for the change's own check), the first link, and the
    /// custom_details' "kind" and "service" when they are strings.
    /// </summary>
    public static Result<PagerDutyChange> ParseChange(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Invalid("body", "Event object format is unrecognized");
        }

        var routingKey = AlertFields.String(root, "routing_key", "routing_key", 256);
        if (!routingKey.IsSuccess || string.IsNullOrEmpty(routingKey.Value))
        {
            return new Invalid("routing_key", "'routing_key' is missing or blank");
        }

        if (routingKey.Value.Length != RoutingKeyLength)
        {
            return new Invalid("routing_key", $"Length of 'routing_key' is incorrect (should be {RoutingKeyLength} characters)");
        }

        if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return new Invalid("payload", "'payload' is missing or blank");
        }

        var summary = AlertFields.String(payload, "summary", "payload.summary", AlertLimits.MaxTitle);
        if (!summary.IsSuccess || string.IsNullOrWhiteSpace(summary.Value))
        {
            return new Invalid("payload.summary", summary.IsSuccess ? "'payload.summary' is missing or blank" : summary.Error!.Message);
        }

        var source = AlertFields.String(payload, "source", "payload.source", AlertLimits.MaxLabelValue);
        var timestamp = AlertFields.String(payload, "timestamp", "payload.timestamp", 64);
        if (!source.IsSuccess || !timestamp.IsSuccess)
        {
            return (source.Error ?? timestamp.Error)!;
        }

        string? Detail(string name) =>
            payload.TryGetProperty("custom_details", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        string? link = null;
        if (root.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array && links.GetArrayLength() > 0
            && links[0].ValueKind == JsonValueKind.Object && AlertFields.String(links[0], "href", "links[0].href", 4_096) is { IsSuccess: true, Value: { Length: > 0 } href })
        {
            link = href;
        }

        return new PagerDutyChange(routingKey.Value, summary.Value.Trim(), string.IsNullOrWhiteSpace(source.Value) ? null : source.Value, string.IsNullOrWhiteSpace(timestamp.Value) ? null : timestamp.Value, link, Detail("kind"), Detail("service"));
    }
}

/// <summary>A PagerDuty change event, read: what the change record is made of.</summary>
public sealed record PagerDutyChange(string RoutingKey, string Summary, string? Source, string? Timestamp, string? Link, string? Kind, string? Service);
