using System.Text.Json;
using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts.Sources;

/// <summary>
/// Alertmanager's webhook (version "4") and Grafana's unified-alerting webhook (version "1", the same
/// shape with more fields): one request is one alert group, named by its groupKey; each alert carries its
/// fingerprint; a top-level "resolved" means every alert of the group is resolved.
/// </summary>
public static class AlertmanagerSource
{
    public static Result<IntakeBatch> Parse(JsonElement root, bool grafana)
    {
        var product = grafana ? "Grafana" : "Alertmanager";
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Invalid("body", $"The body must be the JSON object {product}'s webhook sends.");
        }

        var version = AlertFields.String(root, "version", "version", 16);
        var expected = grafana ? "1" : "4";
        if (!version.IsSuccess || version.Value != expected)
        {
            return new Invalid("version", $"'version' must be \"{expected}\" ({product}'s webhook); this endpoint reads {product}'s payload only.");
        }

        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
        {
            return new Invalid("alerts", "'alerts' must be an array of alerts.");
        }

        if (alerts.GetArrayLength() > AlertLimits.MaxAlertsPerRequest)
        {
            return new Invalid("alerts", $"At most {AlertLimits.MaxAlertsPerRequest} alerts per request; set max_alerts on the receiver.");
        }

        var groupKey = AlertFields.String(root, "groupKey", "groupKey", 4_096);
        if (!groupKey.IsSuccess)
        {
            return groupKey.Error!;
        }

        var status = AlertFields.String(root, "status", "status", 16);
        if (!status.IsSuccess || status.Value is not (null or "firing" or "resolved"))
        {
            return new Invalid("status", "'status' must be \"firing\" or \"resolved\".");
        }

        var common = AlertFields.StringMap(root, "commonAnnotations", "commonAnnotations", AlertLimits.MaxAnnotation);
        if (!common.IsSuccess)
        {
            return common.Error!;
        }

        var read = new List<IncomingAlert>();
        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            var parsed = Alert(alert, $"alerts[{index++}]", common.Value, grafana);
            if (!parsed.IsSuccess)
            {
                return parsed.Error!;
            }

            read.Add(parsed.Value);
        }

        var truncated = root.TryGetProperty("truncatedAlerts", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var n) ? n : 0;
        return new IntakeBatch(read, string.IsNullOrEmpty(groupKey.Value) ? null : groupKey.Value, status.Value == "resolved") { Truncated = truncated };
    }

    private static Result<IncomingAlert> Alert(JsonElement alert, string field, IReadOnlyDictionary<string, string> common, bool grafana)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            return new Invalid(field, $"'{field}' must be an alert object.");
        }

        var labels = AlertFields.StringMap(alert, "labels", field + ".labels", AlertLimits.MaxLabelValue);
        if (!labels.IsSuccess)
        {
            return labels.Error!;
        }

        var annotations = AlertFields.StringMap(alert, "annotations", field + ".annotations", AlertLimits.MaxAnnotation);
        if (!annotations.IsSuccess)
        {
            return annotations.Error!;
        }

        var status = AlertFields.String(alert, "status", field + ".status", 16);
        if (!status.IsSuccess || status.Value is not ("firing" or "resolved"))
        {
            return new Invalid(field + ".status", $"'{field}.status' must be \"firing\" or \"resolved\".");
        }

        var starts = AlertFields.Time(alert, "startsAt", field + ".startsAt");
        var ends = AlertFields.Time(alert, "endsAt", field + ".endsAt");
        if (!starts.IsSuccess || !ends.IsSuccess)
        {
            return (starts.Error ?? ends.Error)!;
        }

        var fingerprint = AlertFields.String(alert, "fingerprint", field + ".fingerprint", AlertLimits.MaxFingerprint);
        if (!fingerprint.IsSuccess)
        {
            return fingerprint.Error!;
        }

        if (labels.Value.Count == 0 && string.IsNullOrEmpty(fingerprint.Value))
        {
            return new Invalid(field + ".labels", $"'{field}' has neither labels nor a fingerprint: nothing says which alert it is.");
        }

        string? link = null;
        foreach (var name in grafana ? new[] { "panelURL", "dashboardURL", "generatorURL" } : ["generatorURL"])
        {
            var url = AlertFields.String(alert, name, $"{field}.{name}", 4_096);
            if (url.IsSuccess && !string.IsNullOrEmpty(url.Value))
            {
                link = url.Value;
                break;
            }
        }

        var merged = new Dictionary<string, string>(common, StringComparer.Ordinal);
        foreach (var (name, value) in annotations.Value)
        {
            merged[name] = value;
        }

        return new IncomingAlert(
            string.IsNullOrEmpty(fingerprint.Value) ? AlertFields.Fingerprint(labels.Value) : fingerprint.Value,
            status.Value == "resolved" ? AlertStatus.Resolved : AlertStatus.Firing,
            AlertFields.Title(labels.Value, merged, "Alert"),
            labels.Value,
            merged,
            starts.Value,
            ends.Value,
            link);
    }
}
