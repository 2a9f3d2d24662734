using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts.Sources;

/// <summary>
/// What Prometheus posts to Alertmanager's <c>POST /api/v2/alerts</c>: an array of alerts, each a label set
/// with annotations and times; an alert whose endsAt has passed is resolved. Prometheus re-sends firing
/// alerts every minute or so, so a repeat is the normal case and changes nothing.
/// </summary>
public static partial class PrometheusSource
{
    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static Result<IntakeBatch> Parse(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return new Invalid("body", "The body must be a JSON array of alerts, as Prometheus posts to /api/v2/alerts.");
        }

        if (root.GetArrayLength() > AlertLimits.MaxAlertsPerRequest)
        {
            return new Invalid("body", $"At most {AlertLimits.MaxAlertsPerRequest} alerts per request.");
        }

        var read = new List<IncomingAlert>();
        var index = 0;
        foreach (var alert in root.EnumerateArray())
        {
            var field = $"[{index++}]";
            if (alert.ValueKind != JsonValueKind.Object)
            {
                return new Invalid(field, $"alert {field} must be an object with labels.");
            }

            var labels = AlertFields.StringMap(alert, "labels", field + ".labels", AlertLimits.MaxLabelValue);
            if (!labels.IsSuccess)
            {
                return labels.Error!;
            }

            if (labels.Value.Count == 0)
            {
                return new Invalid(field + ".labels", "at least one label pair required");
            }

            if (labels.Value.Keys.FirstOrDefault(k => !LabelName().IsMatch(k)) is { } bad)
            {
                return new Invalid(field + ".labels", $"invalid label set: invalid name \"{Text.Clip(bad, 60)}\"");
            }

            var annotations = AlertFields.StringMap(alert, "annotations", field + ".annotations", AlertLimits.MaxAnnotation);
            if (!annotations.IsSuccess)
            {
                return annotations.Error!;
            }

            var starts = AlertFields.Time(alert, "startsAt", field + ".startsAt");
            var ends = AlertFields.Time(alert, "endsAt", field + ".endsAt");
            if (!starts.IsSuccess || !ends.IsSuccess)
            {
                return (starts.Error ?? ends.Error)!;
            }

            if (starts.Value is { } s && ends.Value is { } e && e < s)
            {
                return new Invalid(field + ".endsAt", "start time must be before end time");
            }

            var link = AlertFields.String(alert, "generatorURL", field + ".generatorURL", 4_096);
            read.Add(new IncomingAlert(
                AlertFields.Fingerprint(labels.Value),
                ends.Value is { } end && end <= now ? AlertStatus.Resolved : AlertStatus.Firing,
                AlertFields.Title(labels.Value, annotations.Value, "Alert"),
                labels.Value,
                annotations.Value,
                starts.Value ?? ends.Value ?? now,
                ends.Value is { } ended && ended <= now ? ended : null,
                link.IsSuccess ? link.Value : null));
        }

        return new IntakeBatch(read);
    }
}
