using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Reports;

/// <summary>What the learning report covers: incidents that started since <see cref="Since"/>, of one severity and one service if given.</summary>
public sealed record ReportFilter(DateTimeOffset Since, string? Severity, string? Service)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);
    public const int LongestWindowDays = 3660;

    /// <summary>
    /// Reads the filters as the API, the page and the CLI take them: <paramref name="since"/> a number of days
    /// (<c>90d</c>) or a UTC day (<c>2026-09-01</c>), 90 days when empty; a severity by name or alias; a service.
    /// </summary>
    public static Result<ReportFilter> Parse(string? since, string? severity, string? service, SeverityScale severities, DateTimeOffset now)
    {
        var from = now - DefaultWindow;
        var text = since?.Trim() ?? string.Empty;
        if (text.Length > 0)
        {
            if (text.EndsWith('d') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= LongestWindowDays)
            {
                from = now - TimeSpan.FromDays(days);
            }
            else if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.ToDateTime(TimeOnly.MinValue) <= now.UtcDateTime)
            {
                from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
            else
            {
                return new Invalid("since", $"'{Text.Clip(text, 40)}' is not a window: write a number of days (90d, 1 to {LongestWindowDays.ToString(CultureInfo.InvariantCulture)}) or a day in the past (2026-09-01, UTC).");
            }
        }

        string? level = null;
        if (!string.IsNullOrWhiteSpace(severity))
        {
            level = severities.Resolve(severity.Trim())?.Name;
            if (level is null)
            {
                return new Invalid("severity", $"'{Text.Clip(severity.Trim(), 40)}' is not a severity: use one of {severities.Names}.");
            }
        }

        var named = string.IsNullOrWhiteSpace(service) ? null : service.Trim().ToLowerInvariant();
        return new ReportFilter(from, level, named);
    }

    /// <summary>Whether the incident is in the report (the window is on its start).</summary>
    public bool Covers(IncidentFigures figures) =>
        figures.StartedAt >= Since
        && (Severity is null || string.Equals(figures.Severity, Severity, StringComparison.OrdinalIgnoreCase))
        && (Service is null || figures.Services.Contains(Service, StringComparer.Ordinal));
}
