using System.Globalization;
using System.Text.Json;
using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts.Sources;

/// <summary>
/// Where a generic JSON sender keeps each part of an alert, as dotted paths into its body (<c>alert.title</c>,
/// <c>data.id</c>): the integration's mapping. <see cref="Alerts"/> names an array of alerts (else the body is
/// one alert); <see cref="Firing"/> lists the status values that mean firing (anything else resolves it).
/// </summary>
public sealed record WebhookMapping(
    string Title,
    string? Fingerprint = null,
    string? Status = null,
    IReadOnlyList<string>? Firing = null,
    string? Labels = null,
    string? Annotations = null,
    string? StartsAt = null,
    string? Link = null,
    string? Alerts = null)
{
    public static readonly string[] DefaultFiring = ["firing", "alerting", "triggered", "open", "problem", "critical", "error"];

    /// <summary>Why the mapping cannot be used, or null: every path is dotted names.</summary>
    public string? Problem()
    {
        foreach (var (name, path) in new[] { ("title", (string?)Title), ("fingerprint", Fingerprint), ("status", Status), ("labels", Labels), ("annotations", Annotations), ("startsAt", StartsAt), ("link", Link), ("alerts", Alerts) })
        {
            if (string.IsNullOrEmpty(path))
            {
                if (name == "title")
                {
                    return "mapping.title is required: the path of the alert's title in the body, such as alert.title.";
                }

                continue;
            }

            if (path.Length is 0 or > 200 || path.Split('.').Any(p => p.Length == 0 || p.Any(char.IsControl)))
            {
                return $"mapping.{name} '{Text.Clip(path, 60)}' is not a path: write dotted names, such as data.{name}.";
            }
        }

        return null;
    }
}

/// <summary>A generic JSON webhook, read through the integration's <see cref="WebhookMapping"/>.</summary>
public static class WebhookSource
{
    public static Result<IntakeBatch> Parse(JsonElement root, WebhookMapping mapping, DateTimeOffset now)
    {
        var items = new List<(JsonElement Alert, string Field)>();
        if (mapping.Alerts is { } path)
        {
            if (At(root, path) is not { ValueKind: JsonValueKind.Array } array)
            {
                return new Invalid(path, $"'{path}' must be an array of alerts (the integration's mapping.alerts).");
            }

            if (array.GetArrayLength() > AlertLimits.MaxAlertsPerRequest)
            {
                return new Invalid(path, $"At most {AlertLimits.MaxAlertsPerRequest} alerts per request.");
            }

            var i = 0;
            foreach (var alert in array.EnumerateArray())
            {
                items.Add((alert, $"{path}[{(i++).ToString(CultureInfo.InvariantCulture)}]"));
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            items.Add((root, "body"));
        }
        else
        {
            return new Invalid("body", "The body must be a JSON object (or name an array of alerts in the integration's mapping.alerts).");
        }

        var read = new List<IncomingAlert>();
        foreach (var (alert, field) in items)
        {
            var title = Scalar(alert, mapping.Title);
            if (string.IsNullOrWhiteSpace(title))
            {
                return new Invalid($"{field}.{mapping.Title}", $"'{mapping.Title}' (the mapping's title) is missing or blank in {field}.");
            }

            var labels = Map(alert, mapping.Labels, $"{field}.{mapping.Labels}", AlertLimits.MaxLabelValue);
            var annotations = Map(alert, mapping.Annotations, $"{field}.{mapping.Annotations}", AlertLimits.MaxAnnotation);
            if (!labels.IsSuccess || !annotations.IsSuccess)
            {
                return (labels.Error ?? annotations.Error)!;
            }

            var status = mapping.Status is null ? null : Scalar(alert, mapping.Status);
            var firing = status is null || (mapping.Firing ?? WebhookMapping.DefaultFiring).Contains(status.Trim(), StringComparer.OrdinalIgnoreCase);
            DateTimeOffset? starts = null;
            if (mapping.StartsAt is { } startsPath && Scalar(alert, startsPath) is { Length: > 0 } startsText)
            {
                if (!DateTimeOffset.TryParse(startsText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                {
                    return new Invalid($"{field}.{startsPath}", $"'{startsPath}' is not an RFC 3339 time such as 2026-03-01T10:00:00Z.");
                }

                starts = at;
            }

            var fingerprint = mapping.Fingerprint is { } fp ? Scalar(alert, fp) : null;
            if (fingerprint is { Length: > AlertLimits.MaxFingerprint })
            {
                return new Invalid($"{field}.{mapping.Fingerprint}", $"'{mapping.Fingerprint}' is longer than {AlertLimits.MaxFingerprint} characters.");
            }

            var titled = AlertFields.Title(labels.Value, new Dictionary<string, string> { ["summary"] = title }, "Alert");
            var identity = string.IsNullOrEmpty(fingerprint)
                ? AlertFields.Fingerprint(new Dictionary<string, string>(labels.Value) { ["__title"] = titled })
                : fingerprint;
            read.Add(new IncomingAlert(identity, firing ? AlertStatus.Firing : AlertStatus.Resolved, titled, labels.Value, annotations.Value, starts ?? (firing ? now : null), firing ? null : now, mapping.Link is { } l ? Scalar(alert, l) : null));
        }

        return new IntakeBatch(read);
    }

    private static JsonElement? At(JsonElement root, string path)
    {
        var current = root;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string? Scalar(JsonElement root, string path) => At(root, path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    private static Result<Dictionary<string, string>> Map(JsonElement root, string? path, string field, int max)
    {
        if (path is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? root : At(root, path[..dot]);
        return parent is { ValueKind: JsonValueKind.Object } p
            ? AlertFields.StringMap(p, dot < 0 ? path : path[(dot + 1)..], field, max)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
