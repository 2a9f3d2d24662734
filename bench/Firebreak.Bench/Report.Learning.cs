using System.Text;
using static System.FormattableString;

namespace Firebreak.Bench;

/// <summary>Section 9, the learning report.</summary>
internal static partial class Report
{
    public const double LearningGoalMs = 500;

    private static void AppendLearning(StringBuilder md, RunResults run)
    {
        if (run.Learning is not { } r)
        {
            return;
        }

        md.AppendLine("## 9. The learning report");
        md.AppendLine();
        md.AppendLine(Invariant($"`GET /api/v1/reports/learning` (the default 90-day window) over {r.Incidents:N0} incidents with their {r.Events:N0} events on SQLite, seeded through the store in {r.Seeding.TotalSeconds:0.0} s ") +
            "(the figures projection ran in each append's transaction, as in the server), then `firebreak serve` on that file; " +
            Invariant($"{r.Latency.Count} requests one after another after 5 to warm up. The report is computed from the rows of `incident_figures`, not from the events. The limit is {LearningGoalMs:0} ms."));
        md.AppendLine();
        md.AppendLine("| incidents | p50 | p95 | p99 | max | body | limit | |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        md.AppendLine(Invariant($"| {r.Incidents:N0} | {r.Latency.MedianMs:0.0} ms | {r.Latency.P95Ms:0.0} ms | {r.Latency.P99Ms:0.0} ms | {r.Latency.MaxMs:0.0} ms | {r.Bytes / 1024.0:0.0} KiB | {LearningGoalMs:0} ms | {(r.Latency.P99Ms <= LearningGoalMs ? "met" : "**missed**")} |"));
        md.AppendLine();
    }
}
