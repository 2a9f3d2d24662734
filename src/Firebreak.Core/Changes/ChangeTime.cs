using System.Globalization;
using Firebreak.Core.Common;

namespace Firebreak.Core.Changes;

/// <summary>
/// The one reading of a time a person or a script gives for changes: an ISO-8601 instant
/// (2026-12-04T09:30:00Z; without an offset it is UTC), or how long ago it was as a number and a unit
/// (90s, 15m, 24h, 7d), or now.
/// </summary>
public static class ChangeTime
{
    public static Result<DateTimeOffset> Parse(string field, string? text, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (string.Equals(trimmed, "now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }

        if (Ago(trimmed) is { } ago)
        {
            return now - ago;
        }

        if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0])
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        return new Invalid(field, $"'{Text.Clip(trimmed, 40)}' is not a time: give an ISO-8601 instant (2026-12-04T09:30:00Z) or how long ago (90s, 15m, 24h, 7d).");
    }

    /// <summary>A duration written as a whole number and one of s, m, h, d (at most ten years); null for anything else.</summary>
    private static TimeSpan? Ago(string text)
    {
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3650L * 24 * 3600)
        {
            return null;
        }

        return char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' when n <= 3650L * 24 * 60 => TimeSpan.FromMinutes(n),
            'h' when n <= 3650L * 24 => TimeSpan.FromHours(n),
            'd' when n <= 3650 => TimeSpan.FromDays(n),
            _ => null,
        };
    }
}
