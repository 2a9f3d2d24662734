using System.Text;

namespace Firebreak.Bench;

/// <summary>Section 8, the public status page; and how one section run alone goes into an existing report.</summary>
internal static partial class Report
{
    public const double StatusPeerGoal = 1.0;

    /// <summary>The heading that starts the section a <c>--only</c> run writes.</summary>
    public static string HeadingOf(string only) => only switch
    {
        "notify" => "## 7. ",
        "status" => "## 8. ",
        "report" => "## 9. ",
        "postmortem" => "## 10. ",
        "alerts" => "## 11. ",
        _ => throw new ArgumentException($"No section for --only {only}.", nameof(only)),
    };

    /// <summary>
    /// The existing report with the section of <paramref name="only"/> taken from <paramref name="rendered"/>:
    /// in place of its old text, or else before "Setup writes" (or at the end). Every other section is left as it was.
    /// </summary>
    public static string Merge(string existing, string rendered, string only)
    {
        var heading = HeadingOf(only);
        var (from, to) = SectionBounds(rendered, heading);
        if (from < 0)
        {
            throw new InvalidOperationException($"The rendered report has no section starting '{heading}'.");
        }

        var section = rendered[from..to];
        var (start, end) = SectionBounds(existing, heading);
        if (start >= 0)
        {
            return existing[..start] + section + existing[end..];
        }

        var setup = existing.IndexOf("\n## Setup writes", StringComparison.Ordinal);
        return setup >= 0
            ? existing[..(setup + 1)] + section + existing[(setup + 1)..]
            : existing.TrimEnd() + Environment.NewLine + Environment.NewLine + section;
    }

    /// <summary>From the line starting with <paramref name="heading"/> to the next "## " line (or the end); (-1, -1) when absent.</summary>
    private static (int Start, int End) SectionBounds(string text, string heading)
    {
        var start = text.StartsWith(heading, StringComparison.Ordinal) ? 0
            : text.IndexOf("\n" + heading, StringComparison.Ordinal) is var line and >= 0 ? line + 1
            : -1;
        if (start < 0)
        {
            return (-1, -1);
        }

        var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return (start, next < 0 ? text.Length : next + 1);
    }

    private static void AppendStatus(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine("## 8. Status page");
        md.AppendLine();
        if (run.Status is not { } status)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        md.AppendLine(Invariant($"Measured on {status.MeasuredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Reproduce this section alone (it replaces only this section of the file) with:"));
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine("bash bench/run.sh --only status");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(Invariant($"The page, its Statuspage-compatible JSON and its feed are served from an in-memory snapshot of ready bodies (each with its gzip copy and ETag), so a request does no database work. ") +
                      Invariant($"`firebreak serve` on SQLite, with two components, gets a SEV-2 declared on one of them and a public update through the API; once `/status` shows it, the benchmark fetches the exact bytes of `/status` (plain and gzip) and `/api/v2/summary.json` ") +
                      Invariant($"and writes them to files that a throwaway {status.NginxVersion} serves on 127.0.0.1 (its own config file: `worker_processes {run.Machine.Cores}`, `access_log off`, `sendfile on`, `gzip off`, `gzip_static` for the gzip copy only, `open_file_cache`, `keepalive_requests 1000000`, the same Content-Type as Firebreak's); every body nginx serves is checked byte for byte against Firebreak's. ") +
                      Invariant($"Both are loaded by the same client, {status.WrkVersion}: `wrk -t{Wrk.Threads} -c{Wrk.Connections} -d{Math.Max(1, Math.Round(s.CellDuration.TotalSeconds)):0}s --latency`, after {Math.Max(1, Math.Round(s.ServerWarmup.TotalSeconds)):0} s of untimed load on Firebreak and {Math.Max(1, Math.Round(s.CellWarmup.TotalSeconds)):0} s before each run. Each target is run {StatusRun.RunsPerTarget} times per body, in the order Firebreak, nginx, nginx, Firebreak (so a drift in the machine's speed falls on both), and its row shows the better of its runs. ") +
                      "Without `Accept-Encoding` (wrk sends none) both send the plain bytes; the gzip rows send `Accept-Encoding: gzip`. wrk, the server and nginx share the same cores; req/s and p99 are wrk's own figures. *Headers* is the size of one response's status line and headers: Firebreak's carry its security headers (Content-Security-Policy and the like), its ETag, Cache-Control and Vary; nginx's its Date, Last-Modified, ETag and Accept-Ranges. " +
                      Invariant($"The machine's load average (1, 5, 15 min) was {status.LoadBefore} as this section started and {status.LoadAfter} as it ended, on {run.Machine.Cores} cores: work outside the benchmark moves these figures from run to run."));
        md.AppendLine();
        md.AppendLine(Invariant($"**Beside nginx serving the same bytes.** The goal: Firebreak at least {StatusPeerGoal:0.0}× nginx's req/s on the same body."));
        md.AppendLine();
        md.AppendLine("| Target | Accept-Encoding | Body | Headers | Requests | Req/s | p50 ms | p99 ms | Non-2xx | Firebreak / nginx | Result |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var cell in status.Cells)
        {
            var r = cell.Result;
            var target = cell.Server == "Firebreak" ? $"Firebreak `{cell.Path}`" : "nginx, the same bytes";
            var encoding = cell.Gzip ? "gzip" : "none";
            var peer = status.Cells.FirstOrDefault(c => c.Server == "nginx" && c.Path == cell.Path && c.Gzip == cell.Gzip);
            string ratio, result;
            if (cell.Server != "Firebreak")
            {
                (ratio, result) = ("—", r.Non2xx + r.SocketErrors == 0 ? "peer" : Invariant($"peer; {r.SocketErrors:N0} socket errors"));
            }
            else if (peer is null || peer.Result.RequestsPerSecond <= 0)
            {
                (ratio, result) = ("—", "no peer");
            }
            else
            {
                var x = r.RequestsPerSecond / peer.Result.RequestsPerSecond;
                ratio = Invariant($"{x:0.00}");
                result = Verdict(x >= StatusPeerGoal && r.Non2xx == 0 && r.SocketErrors == 0) + Invariant($" (goal ≥ {StatusPeerGoal:0.0})") +
                         (r.SocketErrors > 0 ? Invariant($"; {r.SocketErrors:N0} socket errors") : string.Empty);
            }

            md.AppendLine(Invariant($"| {target} | {encoding} | {cell.BodyBytes:N0} B | {cell.HeaderBytes:N0} B | {r.Requests:N0} | {r.RequestsPerSecond:N0} | {Ms(r.P50Ms)} | {Ms(r.P99Ms)} | {r.Non2xx:N0} | {ratio} | {result} |"));
        }

        md.AppendLine();
        md.AppendLine("**With the database gone.** The same config on PostgreSQL (a fresh database on the benchmark's throwaway server): the incident and its public update are posted, `/status` is loaded as above, " +
                      "then the database is taken away while the server runs (`ALTER DATABASE … ALLOW_CONNECTIONS false` and `pg_terminate_backend` of every open connection to it) and `/status` is loaded again; the database is given back afterwards. " +
                      "An API read of the incident, which needs the database, is made in between to show that it really was gone. The goal: every response a 200 with the last state.");
        md.AppendLine();
        md.AppendLine("| Database | Requests | Req/s | p50 ms | p99 ms | Non-2xx | Socket errors | Result |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        if (status.Outage is { } o)
        {
            md.AppendLine(Invariant($"| PostgreSQL, there | {o.Up.Requests:N0} | {o.Up.RequestsPerSecond:N0} | {Ms(o.Up.P50Ms)} | {Ms(o.Up.P99Ms)} | {o.Up.Non2xx:N0} | {o.Up.SocketErrors:N0} | {(o.Up.Non2xx + o.Up.SocketErrors == 0 ? "all 200" : Verdict(false))} |"));
            var pass = o.Gone.Non2xx == 0 && o.Gone.SocketErrors == 0 && o.PageShownWhileGone && o.ApiStatusWhileGone != 200;
            md.AppendLine(Invariant($"| PostgreSQL, gone (the API read answered {o.ApiStatusWhileGone}) | {o.Gone.Requests:N0} | {o.Gone.RequestsPerSecond:N0} | {Ms(o.Gone.P50Ms)} | {Ms(o.Gone.P99Ms)} | {o.Gone.Non2xx:N0} | {o.Gone.SocketErrors:N0} | {Verdict(pass)}{(pass ? ": every response 200, the update shown" : string.Empty)} |"));
            md.AppendLine();
            md.AppendLine(o.ApiBackAfter is { } back
                ? Invariant($"Once the database was given back, the same API read answered 200 again after {back.TotalMilliseconds:N0} ms.")
                : "Once the database was given back, the API read did not answer 200 within 30 s.");
        }
        else
        {
            md.AppendLine("| not run (no --postgres given) | | | | | | | |");
        }

        md.AppendLine();
        md.AppendLine(Invariant($"**From a public update to the page.** On the SQLite server above, {status.Updates} public updates (`POST /api/v1/incidents/{{id}}/updates` with `audience: public`), one after another: after each one's answer (a {status.Answer}), `/api/v2/summary.json` is polled with `If-None-Match` ") +
                      Invariant($"(a 304 while the snapshot is unchanged; a pause of {PollPauseMs()} ms between polls) until it carries the update's text. The time runs from the answer reaching the client to that response. ") +
                      Invariant($"The snapshot waits {StatusRun.Debounce.TotalMilliseconds:0} ms after a commit before it rebuilds, by design (so a burst of updates costs one rebuild), so no figure here can be below that; what is above it is the rebuild and the polling."));
        md.AppendLine();
        md.AppendLine("| Updates | Seen | p50 ms | p99 ms | Max ms | Of which debounce |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        var f = status.Freshness;
        md.AppendLine(Invariant($"| {status.Updates} | {status.Updates - status.Missed} | {Ms(f.MedianMs)} | {Ms(f.P99Ms)} | {Ms(f.MaxMs)} | {StatusRun.Debounce.TotalMilliseconds:0} ms |"));
        md.AppendLine();
    }

    private static string PollPauseMs() => Invariant($"{StatusRun.PollPause.TotalMilliseconds:0}");
}
