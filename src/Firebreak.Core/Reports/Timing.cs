namespace Firebreak.Core.Reports;

/// <summary>How long a phase took over a group's incidents: how many had it, the mean and the median in seconds (null when none).</summary>
public sealed record Timing(int Count, double? MeanSeconds, double? MedianSeconds)
{
    public static Timing Of(IEnumerable<TimeSpan> spans)
    {
        var seconds = spans.Select(s => Math.Max(0, s.TotalSeconds)).Order().ToList();
        if (seconds.Count == 0)
        {
            return new Timing(0, null, null);
        }

        var middle = seconds.Count / 2;
        var median = seconds.Count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
        return new Timing(seconds.Count, Math.Round(seconds.Average(), 1), Math.Round(median, 1));
    }
}
