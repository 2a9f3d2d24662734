using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Core.Common;

/// <summary>The one reading of a duration as people write it: 30s, 15m, 2h or 1d.</summary>
public static partial class Durations
{
    public static TimeSpan? Parse(string? text)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
    }

    [GeneratedRegex(@"^(\d{1,6})(s|m|h|d)$")]
    private static partial Regex Pattern();
}
