using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts.Sources;

/// <summary>The reading every source shares: string maps with their bounds, times, and a fingerprint from labels.</summary>
public static class AlertFields
{
    /// <summary>A JSON object of strings (labels, annotations); absent or null is empty. Anything else is an error naming <paramref name="field"/>.</summary>
    public static Result<Dictionary<string, string>> StringMap(JsonElement parent, string name, string field, int maxValue)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new Invalid(field, $"'{field}' must be an object of strings.");
        }

        foreach (var property in value.EnumerateObject())
        {
            if (map.Count >= AlertLimits.MaxLabels)
            {
                return new Invalid(field, $"'{field}' has more than {AlertLimits.MaxLabels} entries.");
            }

            if (property.Name.Length is 0 or > AlertLimits.MaxLabelName || Text.Forbidden(field, property.Name, line: true) is not null)
            {
                return new Invalid(field, $"'{field}' has a name that is empty, longer than {AlertLimits.MaxLabelName} characters or holds control characters.");
            }

            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.Null => string.Empty,
                _ => null,
            };
            if (text is null)
            {
                return new Invalid(field, $"'{field}.{Text.Clip(property.Name, 60)}' must be a string.");
            }

            if (text.Length > maxValue)
            {
                return new Invalid(field, $"'{field}.{Text.Clip(property.Name, 60)}' is longer than {maxValue} characters.");
            }

            if (Text.Forbidden($"{field}.{Text.Clip(property.Name, 60)}", text, line: false) is { } control)
            {
                return control;
            }

            if (text.Length > 0)
            {
                map[property.Name] = text;
            }
        }

        return map;
    }

    /// <summary>An optional string property; a present value of another type is an error.</summary>
    public static Result<string?> String(JsonElement parent, string name, string field, int max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (string?)null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return new Invalid(field, $"'{field}' must be a string.");
        }

        var text = value.GetString()!;
        return text.Length > max ? new Invalid(field, $"'{field}' is longer than {max} characters.") : text;
    }

    /// <summary>An RFC 3339 time; absent, empty or Go's zero time (Alertmanager's "not ended") is null.</summary>
    public static Result<DateTimeOffset?> Time(JsonElement parent, string name, string field)
    {
        var text = String(parent, name, field, 64);
        if (!text.IsSuccess)
        {
            return text.Error!;
        }

        if (string.IsNullOrEmpty(text.Value) || text.Value.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return (DateTimeOffset?)null;
        }

        return DateTimeOffset.TryParse(text.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : new Invalid(field, $"'{field}' is not an RFC 3339 time such as 2026-03-01T10:00:00Z.");
    }

    /// <summary>The identity of a label set: the first 16 hex digits of the SHA-256 of its sorted name=value pairs.</summary>
    public static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('\u00ff').Append(value).Append('\u00ff');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The title people read: the summary annotation, else the alert name, else the fallback.</summary>
    public static string Title(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, string fallback)
    {
        var title = annotations.GetValueOrDefault("summary") ?? labels.GetValueOrDefault("alertname") ?? fallback;
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Text.Clip(title.Length == 0 ? fallback : title, AlertLimits.MaxTitle);
    }
}
