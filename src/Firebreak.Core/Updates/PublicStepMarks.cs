using Firebreak.Core.Incidents;

namespace Firebreak.Core.Updates;

/// <summary>
/// What the public status history says about one public update: the steps it skipped on the way
/// (<see cref="Skipped"/>), and, for a monitoring step that ended in resolved before the monitoring
/// window passed, how long it lasted (<see cref="ShortMonitoring"/>).
/// </summary>
public sealed record PublicStepMarks(long Version, PublicStatus Status, DateTimeOffset At, IReadOnlyList<PublicStatus> Skipped, TimeSpan? ShortMonitoring, TimeSpan MonitoringWindow)
{
    /// <summary>The marks in words ("skipped: identified, monitoring"), or null when the step is honest as it is.</summary>
    public string? Text
    {
        get
        {
            var parts = new List<string>();
            if (Skipped.Count > 0)
            {
                parts.Add($"skipped: {string.Join(", ", Skipped.Select(WireNames.Of))}");
            }

            if (ShortMonitoring is { } lasted)
            {
                parts.Add($"monitoring lasted {Minutes(lasted)}, less than the {Minutes(MonitoringWindow)} monitoring window");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    private static string Minutes(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? $"{(int)span.TotalSeconds} s" : $"{(int)span.TotalMinutes} min";
}
