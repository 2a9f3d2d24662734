using System.Globalization;
using Firebreak.Core.Incidents;

namespace Firebreak.Server.Web;

/// <summary>How pages show times, durations and wire names.</summary>
public static class Display
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Wire<TEnum>(TEnum value)
        where TEnum : struct, Enum => WireNames.Of(value);

    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var age = now - since;
        return age.TotalMinutes < 1 ? "under a minute"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
            : $"{(int)age.TotalDays} d {age.Hours} h";
    }

    /// <summary>The CSS class of a severity: its rank, so renamed levels keep their colour.</summary>
    public static string SeverityClass(SeverityScale scale, string severity) => $"sev sev-{scale.PolicyOf(severity).Rank}";
}
