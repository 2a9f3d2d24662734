using System.Globalization;
using System.Text;

namespace Firebreak.Bench;

/// <summary>Section 11, alert intake beside Alertmanager, and the storm.</summary>
internal static partial class Report
{
    public const double AlertRateGoal = 1.0;
    public const double AlertP99Goal = 2.0;

    private static void AppendAlerts(StringBuilder md, RunResults run)
    {
        if (run.Alerts is not { } a)
        {
            return;
        }

        string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        md.AppendLine("## 11. Alert intake and the alert storm");
        md.AppendLine();
        md.AppendLine(I($"Alertmanager's own `POST /api/v2/alerts` ({a.AlertmanagerVersion}; a throwaway one on 127.0.0.1 with no cluster listener and a receiver that notifies nobody) beside Firebreak's `POST /intake/prometheus/api/v2/alerts`, which takes the same body. ") +
                      I($"One alert a request in Prometheus's format, each with an `instance` label of its own (a new alert every time, never a repeat), {a.Concurrency} concurrent senders in a closed loop, the same client code, headers and bytes for both; ") +
                      I($"{AlertsRun.Concurrency} senders for {a.CellSeconds:0} s measured after 2 s of warm-up, in the order Firebreak, Alertmanager, Alertmanager, Firebreak, the better run of each counting. ") +
                      "Firebreak answers 200 once the alert is committed to disk (SQLite WAL with synchronous=FULL; PostgreSQL with fsync on), in its group's stream with its row; Alertmanager keeps alerts in memory and answers once they are there. " +
                      I($"The goal: Firebreak takes at least {AlertRateGoal:0.0}× Alertmanager's alerts/s, with a p99 within {AlertP99Goal:0}× of Alertmanager's."));
        md.AppendLine();
        md.AppendLine(I($"The load generator, both servers and the database share the machine's cores; its load average (1, 5, 15 min) was {a.LoadBefore} when this section started and {a.LoadAfter} when it ended."));
        md.AppendLine();
        md.AppendLine("| target | alerts | alerts/s | p50 ms | p99 ms | errors | vs Alertmanager |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        var peer = a.Cells.Where(c => c.Target == "Alertmanager").MaxBy(c => c.Result.PerSecond);
        foreach (var cell in a.Cells.GroupBy(c => c.Target).Select(g => g.MaxBy(c => c.Result.PerSecond)!))
        {
            var r = cell.Result;
            var versus = "—";
            if (cell.Target != "Alertmanager" && peer is not null && peer.Result.PerSecond > 0)
            {
                var rate = r.PerSecond / peer.Result.PerSecond;
                var p99 = r.Latency.P99Ms / peer.Result.Latency.P99Ms;
                versus = Verdict(rate >= AlertRateGoal && p99 <= AlertP99Goal && r.Errors == 0) + I($": {rate:0.00}× the alerts/s, {p99:0.00}× the p99");
            }

            md.AppendLine(I($"| {cell.Target} | {r.Count:N0} | {r.PerSecond:N0} | {Ms(r.Latency.MedianMs)} | {Ms(r.Latency.P99Ms)} | {r.Errors:N0} | {versus} |"));
        }

        md.AppendLine();
        md.AppendLine(I($"**The storm.** A fresh Firebreak takes {AlertsRun.StormAlerts:N0} alerts of one failure (alertname `CheckoutDown`, service `checkout`, an instance each), one a request from {AlertsRun.Concurrency} senders. ") +
                      "Its integration groups by alertname and service and has an auto-declare rule for the alertname, so the storm must end as one group holding every alert and exactly one incident. " +
                      "The latency is given for the first 10 %, the middle 80 % and the last 10 % of the requests, so a group that slows down as it grows would show.");
        md.AppendLine();
        md.AppendLine("| engine | alerts | total | alerts/s | p50 ms | p99 ms | p99 ms, first 10 % | p99 ms, middle | p99 ms, last 10 % | groups | alerts in the group | incidents | result |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in a.Storms)
        {
            var pass = s.Groups == 1 && s.GroupAlerts == s.Alerts && s.Incidents == 1;
            md.AppendLine(I($"| {s.Engine} | {s.Alerts:N0} | {s.Seconds:0.0} s | {s.PerSecond:N0} | {Ms(s.Latency.MedianMs)} | {Ms(s.Latency.P99Ms)} | {Ms(s.First.P99Ms)} | {Ms(s.Middle.P99Ms)} | {Ms(s.Last.P99Ms)} | {s.Groups} | {s.GroupAlerts:N0} | {s.Incidents} | {Verdict(pass)} |"));
        }

        md.AppendLine();
        md.AppendLine("Reproduce: `bash bench/run.sh --only alerts`.");
        md.AppendLine();
    }
}
