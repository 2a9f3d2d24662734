using System.Globalization;
using System.Text;

namespace Firebreak.Bench;

/// <param name="When">"before" or "after" the engine's stack run: the raw loop runs on both sides, and the better one is the peer.</param>
internal sealed record RawResults(string Engine, string When, LoadResult Result);

/// <summary>Everything one run measured; <see cref="Report"/> turns it into docs/benchmarks.md.</summary>
internal sealed record RunResults
{
    public required Settings Settings { get; init; }
    public required Machine Machine { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public TimeSpan Elapsed { get; set; }
    public string? SqliteVersion { get; set; }
    public IReadOnlyDictionary<string, string>? PostgresSettings { get; set; }
    public StartupResults? Startup { get; set; }
    public List<RawResults> Raw { get; } = [];
    public List<StackResults> Stacks { get; } = [];
    public NotifyResults? Notify { get; set; }
    public StatusResults? Status { get; set; }
    public ReportResults? Learning { get; set; }

    public PostmortemResults? Postmortem { get; set; }

    public AlertsResults? Alerts { get; set; }
}

/// <summary>Writes the Markdown report. Every figure in it comes from <see cref="RunResults"/>; none is typed by hand.</summary>
internal static partial class Report
{
    public const double ReadGoalMs = 50;
    public const double RoomGoalMs = 100;
    public const double StartGoalMs = 1000;
    public const double MemoryGoalMb = 100;
    public const double LiveGoalMs = 100;
    public const double SqliteGroupGoal = 1.0;
    public const double PostgresGroupGoal = 0.5;
    public const double AppendP99GoalMs = 15;
    public const double NotifyGoalMs = 1000;

    public static string Render(RunResults run)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("How fast Firebreak records and shows an incident, sends its notifications and serves its public status page, measured on the real `firebreak serve` process through its HTTP API, " +
                      "with the machine's own durable-write rate beside it so the cost of the stack above the database is visible. " +
                      "This file is written by the benchmark program (`bench/Firebreak.Bench`); no figure in it is typed by hand.");
        md.AppendLine();
        md.AppendLine(Invariant($"Run on {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; the whole run took {run.Elapsed.TotalMinutes:0.0} min."));
        md.AppendLine();

        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(Invariant($"| CPU | {run.Machine.Cores} cores ({run.Machine.CpuModel}) |"));
        md.AppendLine(Invariant($"| Memory | {run.Machine.MemoryBytes / 1024.0 / 1024 / 1024:0.0} GiB |"));
        md.AppendLine(Invariant($"| Kernel | Linux {run.Machine.Kernel} |"));
        md.AppendLine(Invariant($"| Runtime | {run.Machine.Runtime} |"));
        md.AppendLine(Invariant($"| Data on | {run.Machine.WorkFileSystem} |"));
        md.AppendLine(Invariant($"| SQLite | {run.SqliteVersion ?? "not measured"} |"));
        md.AppendLine(run.PostgresSettings is { } pg
            ? Invariant($"| PostgreSQL | {pg["server_version"]}: fsync={pg["fsync"]}, synchronous_commit={pg["synchronous_commit"]}, full_page_writes={pg["full_page_writes"]}, wal_sync_method={pg["wal_sync_method"]}, shared_buffers={pg["shared_buffers"]} |")
            : "| PostgreSQL | not run (no --postgres given) |");
        md.AppendLine();
        md.AppendLine("The load generator runs on the same machine as the server and the database, and competes with them for the same cores.");
        md.AppendLine();

        md.AppendLine("## Reproduce");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine("bash bench/run.sh");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("It builds in Release, starts a throwaway PostgreSQL on 127.0.0.1 with fsync on, runs the benchmark, stops PostgreSQL and rewrites this file. " +
                      "All traffic stays on 127.0.0.1; every server it starts runs on a fresh data folder or a fresh database (except the second server of section 7, which is started again on the first one's folder). " +
                      "`bash bench/run.sh --only notify`, `--only status`, `--only report`, `--only postmortem` or `--only alerts` runs section 7, 8, 9, 10 or 11 alone and replaces only that section of this file.");
        md.AppendLine();

        AppendAppends(md, run);
        AppendRaw(md, run);
        AppendReads(md, run);
        AppendRoom(md, run);
        AppendIdle(md, run);
        AppendLive(md, run);
        AppendNotify(md, run);
        AppendStatus(md, run);
        AppendLearning(md, run);
        AppendPostmortem(md, run);
        AppendAlerts(md, run);
        AppendSetup(md, run);
        return md.ToString();
    }

    /// <summary>
    /// The peer figure a stack cell is compared with: the better of the raw runs at the same
    /// concurrency, or else at concurrency 1 (SQLite, which has one writer, is only run at 1).
    /// </summary>
    public static RawResults? PeerOf(RunResults run, string engine, int concurrency) =>
        Best(run.Raw.Where(r => r.Engine == engine && r.Result.Concurrency == concurrency))
        ?? Best(run.Raw.Where(r => r.Engine == engine && r.Result.Concurrency == 1));

    private static RawResults? Best(IEnumerable<RawResults> runs) => runs.MaxBy(r => r.Result.PerSecond);

    private static void AppendAppends(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine("## 1. Appends through the HTTP API");
        md.AppendLine();
        md.AppendLine(Invariant($"`POST /api/v1/incidents/{{id}}/timeline` with a Bearer token and a note of about 150 characters, against `firebreak serve` built in Release. ") +
                                Invariant($"The server first takes {s.ServerWarmup.TotalSeconds:0.#} s of appends to a scratch incident so its code is warm. Each cell then runs a closed loop (each worker sends its next append when the previous one was answered) for {s.CellWarmup.TotalSeconds:0.#} s of warm-up, then {s.CellDuration.TotalSeconds:0.#} s measured; ") +
                                Invariant($"only appends answered 201 inside the measured window count. *One incident*: every append goes to the same incident. ") +
                                Invariant($"*Spread*: appends go round-robin over {s.SpreadIncidents:N0} incidents declared beforehand. Every 201 is a durable commit (SQLite WAL with synchronous=FULL; PostgreSQL with fsync and synchronous_commit on)."));
        md.AppendLine();
        md.AppendLine("The peer is the raw durable-insert rate of the same engine on the same machine (section 2, the better of its two runs) at the same concurrency (SQLite's at concurrency 1: it has one writer). " +
                      Invariant($"Concurrent appends share one transaction and one fsync (group commit), so at concurrency 16 the goal is a stack/raw ratio of at least {SqliteGroupGoal:0.0} on SQLite and {PostgresGroupGoal:0.0} on PostgreSQL, with p99 under {AppendP99GoalMs:0} ms; at concurrency 1 there is no goal beyond every append being acknowledged."));
        md.AppendLine();
        md.AppendLine("| Engine | Layout | Concurrency | Appends | Appends/s | p50 ms | p99 ms | Peer: raw inserts/s | Stack / raw | Result |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var stack in run.Stacks)
        {
            foreach (var cell in stack.Cells)
            {
                var r = cell.Result;
                var peer = PeerOf(run, stack.Engine, cell.Concurrency);
                var peerText = peer is null ? "—" : Invariant($"{peer.Result.PerSecond:N0} (c={peer.Result.Concurrency})");
                var ratio = peer is null || peer.Result.PerSecond <= 0 ? "—" : Invariant($"{r.PerSecond / peer.Result.PerSecond:0.00}");
                var goal = cell.Concurrency < 16 || peer is null ? (double?)null : stack.Engine == "SQLite" ? SqliteGroupGoal : PostgresGroupGoal;
                var result = r.Errors != 0 ? Invariant($"FAIL: {r.Errors} errors ({Escape(r.FirstError)})")
                    : goal is not { } g ? "ok"
                    : Verdict(r.PerSecond / peer!.Result.PerSecond >= g && r.Latency.P99Ms < AppendP99GoalMs) + Invariant($" (goal ≥ {g:0.0}, p99 < {AppendP99GoalMs:0} ms)");
                md.AppendLine(Invariant($"| {stack.Engine} | {cell.Layout} | {cell.Concurrency} | {r.Count:N0} | {r.PerSecond:N0} | {Ms(r.Latency.MedianMs)} | {Ms(r.Latency.P99Ms)} | {peerText} | {ratio} | {result} |"));
            }
        }

        if (run.Stacks.Count == 0)
        {
            md.AppendLine("| — | not run | | | | | | | | |");
        }

        md.AppendLine();
    }

    private static void AppendRaw(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine("## 2. Raw durable inserts (the peer)");
        md.AppendLine();
        md.AppendLine(Invariant($"The same machine without Firebreak: one row of about 150 bytes per committed transaction, {s.CellWarmup.TotalSeconds:0.#} s warm-up then {s.CellDuration.TotalSeconds:0.#} s measured. ") +
                                Invariant($"SQLite: a fresh file with Firebreak's settings (WAL, synchronous=FULL) and `BEGIN; INSERT; COMMIT` in a loop on one connection via Microsoft.Data.Sqlite, after {RawInserts.WalCycleCommits:N0} untimed commits so the WAL file has reached its steady size. ") +
                                "PostgreSQL: a fresh database and prepared single-row autocommit `INSERT`s via Npgsql, one connection per worker. " +
                                "Each runs once before and once after the engine's stack measurements, since the disk's speed drifts when other work shares the machine.");
        md.AppendLine();
        md.AppendLine("| Engine | Run | Concurrency | Inserts | Inserts/s | p50 ms | p99 ms |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var raw in run.Raw.OrderBy(r => r.Engine == "SQLite" ? 0 : 1).ThenBy(r => r.Result.Concurrency).ThenBy(r => r.When == "before" ? 0 : 1))
        {
            var r = raw.Result;
            md.AppendLine(Invariant($"| {raw.Engine} | {raw.When} the stack | {r.Concurrency} | {r.Count:N0} | {r.PerSecond:N0} | {Ms(r.Latency.MedianMs)} | {Ms(r.Latency.P99Ms)} |"));
        }

        md.AppendLine();
    }

    private static void AppendReads(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine(Invariant($"## 3. Reading an incident with {s.TimelineItems:N0} timeline items"));
        md.AppendLine();
        md.AppendLine(Invariant($"One incident holds {s.TimelineItems:N0} timeline items: the events of its declaration and then notes added through the API. A read is `GET /api/v1/incidents/{{id}}` followed by ") +
                                Invariant($"`GET /api/v1/incidents/{{id}}/timeline?limit={s.TimelineItems}`, which returns the whole timeline in one page; the client reads both bodies completely. ") +
                                Invariant($"At least {s.ReadWarmups} reads and {s.ReadWarmupTime.TotalSeconds:0.#} s of warm-up, then {s.Reads} timed one after another. The storage-only row is `IncidentStore.ReadAsync` of the same {s.TimelineItems:N0} events ") +
                                "in the benchmark's own process, with the server stopped. The goal is judged on the median.");
        md.AppendLine();
        md.AppendLine("| Engine | Read | Median ms | p95 ms | Goal | Result |");
        md.AppendLine("| --- | --- | ---: | ---: | --- | --- |");
        foreach (var stack in run.Stacks)
        {
            var r = stack.Reads;
            var hasGoal = stack.Engine == "SQLite";
            var goal = hasGoal ? Invariant($"< {ReadGoalMs:0} ms") : "—";
            var verdict = hasGoal ? Verdict(r.Pair.MedianMs < ReadGoalMs) : "—";
            md.AppendLine(Invariant($"| {stack.Engine} | HTTP: incident + timeline ({r.TimelineBytes / 1024.0 / 1024.0:0.0} MiB of JSON) | {Ms(r.Pair.MedianMs)} | {Ms(r.Pair.P95Ms)} | {goal} | {verdict} |"));
            md.AppendLine(Invariant($"| {stack.Engine} | of which `GET …/timeline` | {Ms(r.Timeline.MedianMs)} | {Ms(r.Timeline.P95Ms)} | | |"));
            md.AppendLine(Invariant($"| {stack.Engine} | of which `GET /api/v1/incidents/{{id}}` | {Ms(r.Incident.MedianMs)} | {Ms(r.Incident.P95Ms)} | | |"));
            md.AppendLine(Invariant($"| {stack.Engine} | storage only: `IncidentStore.ReadAsync` | {Ms(r.Storage.MedianMs)} | {Ms(r.Storage.P95Ms)} | — | — |"));
        }

        md.AppendLine();
    }

    private static void AppendRoom(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine(Invariant($"## 4. The incident room in the web UI with {s.TimelineItems:N0} timeline entries"));
        md.AppendLine();
        md.AppendLine(Invariant($"The room of the incident from section 3, as a {RoomReads.Role} sees it: an account created through `POST /api/v1/users`, signed in through the `/signin` form (its antiforgery token, then the form post) with a cookie jar, ") +
                                Invariant($"then `GET /incidents/{{id}}`, the whole server-rendered HTML page, its body read completely. Without `?from=` the room shows the latest {RoomReads.Window} entries of the timeline, with the incident's facts and the responder's forms. ") +
                                Invariant($"For comparison, the room of an incident with a short timeline (its declaration and {RoomReads.ShortTimelineNotes} notes). ") +
                                Invariant($"At least {s.ReadWarmups} reads and {s.ReadWarmupTime.TotalSeconds:0.#} s of warm-up per page, then {s.Reads} timed one after another. The goal is judged on the median."));
        md.AppendLine();
        md.AppendLine("| Engine | Page | Timeline entries | Entries on the page | HTML | Median ms | p95 ms | Goal | Result |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var stack in run.Stacks)
        {
            var hasGoal = stack.Engine == "SQLite";
            foreach (var (page, what, judged) in new[] { (stack.Room.Long, "incident room, long timeline", hasGoal), (stack.Room.Short, "incident room, short timeline", false) })
            {
                var goal = judged ? Invariant($"< {RoomGoalMs:0} ms") : "—";
                var verdict = judged ? Verdict(page.Latency.MedianMs < RoomGoalMs) : "—";
                md.AppendLine(Invariant($"| {stack.Engine} | {what} | {page.Items:N0} | {page.Shown:N0} | {page.HtmlBytes / 1024.0:0} KiB | {Ms(page.Latency.MedianMs)} | {Ms(page.Latency.P95Ms)} | {goal} | {verdict} |"));
            }
        }

        if (run.Stacks.Count == 0)
        {
            md.AppendLine("| — | not run | | | | | | | |");
        }

        md.AppendLine();
    }

    private static void AppendIdle(StringBuilder md, RunResults run)
    {
        var s = run.Settings;
        md.AppendLine("## 5. Start time and idle memory");
        md.AppendLine();
        md.AppendLine(Invariant($"`firebreak serve` on SQLite, started {s.Starts} times, each on a fresh data folder (so every start creates the database, migrates it and creates the admin). ") +
                                Invariant($"Start time runs from just before the process is started to the first 200 from `/healthz` (polled every 5 ms); the goal is judged on the median. ") +
                                Invariant($"Resident memory is VmRSS from `/proc/<pid>/status` after {s.Idle.TotalSeconds:0.#} s idle; the goal is judged on the largest of the {s.Starts}. 1 MB = 1,000,000 bytes."));
        md.AppendLine();
        md.AppendLine("| Measure | Median | Min | Max | Goal | Result |");
        md.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        if (run.Startup is { } startup)
        {
            var ms = startup.StartToHealthy.Select(t => t.TotalMilliseconds).ToArray();
            var median = Median(ms);
            md.AppendLine(Invariant($"| Start to first 200 from /healthz | {median:0} ms | {ms.Min():0} ms | {ms.Max():0} ms | < {StartGoalMs:0} ms | {Verdict(median < StartGoalMs)} |"));
            var mb = startup.IdleResident.Select(b => b / 1e6).ToArray();
            md.AppendLine(Invariant($"| Idle resident memory (VmRSS) | {Median(mb):0.0} MB | {mb.Min():0.0} MB | {mb.Max():0.0} MB | < {MemoryGoalMb:0} MB | {Verdict(mb.Max() < MemoryGoalMb)} |"));
        }

        foreach (var stack in run.Stacks)
        {
            var mb = stack.ResidentAfterAppends / 1e6;
            md.AppendLine(Invariant($"| Resident memory after the append runs ({stack.Engine}) | {mb:0.0} MB | | | — | — |"));
        }

        md.AppendLine();
    }

    private static void AppendLive(StringBuilder md, RunResults run)
    {
        md.AppendLine("## 6. The live timeline with many open rooms");
        md.AppendLine();
        md.AppendLine(Invariant($"{LiveRun.Subscribers:N0} live timelines (`GET /incidents/{{id}}/live`, Server-Sent Events) of a browser session signed in through `/signin`, either all on one incident or spread over {LiveRun.SpreadIncidents} incidents ({LiveRun.Subscribers / LiveRun.SpreadIncidents} each). ") +
                      Invariant($"Once every stream is open (the server's `/api/v1/admin/stats` counts them), {LiveRun.Appends} notes are appended through the API at {LiveRun.AppendsPerSecond} per second (round-robin over the incidents). ") +
                      "Latency runs from the append's 201 reaching the client to the entry's arrival on each stream (an entry that arrives before its 201 counts as 0 ms); the subscribers run in the benchmark's process, on the same 2 cores as the server. " +
                      "SQL commands are the server's own count over the appends, with no subscribers and with them: the live timeline is driven by the change feed, so the database work should not grow with the number of open rooms.");
        md.AppendLine();
        md.AppendLine("| Engine | Layout | Subscribers | Appends | Delivered | p50 ms | p99 ms | Goal (p99) | SQL commands/s | Per append | Result |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |");
        foreach (var stack in run.Stacks)
        {
            foreach (var c in stack.Live)
            {
                var baseline = stack.Live.FirstOrDefault(b => b.Layout == c.Layout && b.Subscribers == 0);
                var delivered = c.Subscribers == 0 ? "—" : Invariant($"{c.Received:N0} of {c.Expected:N0}");
                var goal = c.Subscribers == 0 ? "—" : stack.Engine == "SQLite" ? Invariant($"< {LiveGoalMs:0} ms") : "—";
                var pass = c.Received == c.Expected && (stack.Engine != "SQLite" || c.Subscribers == 0 || c.Latency.P99Ms < LiveGoalMs);
                var verdict = c.Subscribers == 0 ? "baseline" : Verdict(pass) + (baseline is null ? string.Empty : Invariant($"; commands ×{c.CommandsPerAppend / baseline.CommandsPerAppend:0.00} of the baseline"));
                md.AppendLine(Invariant($"| {stack.Engine} | {c.Layout} | {c.Subscribers:N0} | {c.Appends} | {delivered} | {(c.Subscribers == 0 ? "—" : Ms(c.Latency.MedianMs))} | {(c.Subscribers == 0 ? "—" : Ms(c.Latency.P99Ms))} | {goal} | {c.CommandsPerSecond:N0} | {c.CommandsPerAppend:0.0} | {verdict} |"));
            }
        }

        md.AppendLine();
    }

    private static void AppendNotify(StringBuilder md, RunResults run)
    {
        md.AppendLine("## 7. Notifications to webhook receivers");
        md.AppendLine();
        md.AppendLine("SQLite only. The receiver is Kestrel on 127.0.0.1 inside the benchmark's process, standing in for the consumers of Firebreak's generic webhook channel: it answers 200 `ok` to every request " +
                      "and records its path, its `webhook-id` header, the update text from the body's `data.text` and its arrival (a monotonic timestamp taken when its handler is called). " +
                      Invariant($"Every server here is `firebreak serve --config firebreak.yaml` on a fresh SQLite data folder, with webhook channels (signed with a `whsec_` secret from a file) pointing at the receiver, `notifications.concurrency: {NotifyRun.ChannelConcurrency}` and a route sending `update-internal` to all of them. ") +
                      "Updates are `POST /api/v1/incidents/{id}/updates` with an internal audience, each text carrying a unique token by which the receiver's copy is matched.");
        md.AppendLine();
        md.AppendLine(Invariant($"**Latency.** One server per row, with 1 or {NotifyRun.DestinationCounts.Max()} channels, each its own path on the receiver. After {NotifyRun.WarmupUpdates} untimed updates (waited for at the receiver), ") +
                      Invariant($"{NotifyRun.LatencyUpdates} updates at {NotifyRun.UpdatesPerSecond} per second ({NotifyRun.LatencyDuration.TotalSeconds:0} s), round-robin over {NotifyRun.LatencyIncidents} incidents declared beforehand. ") +
                      "For every (update, destination) the latency runs from the moment the update's answer reached the client to the first arrival of that update at that destination (one that arrives before the answer counts as 0 ms); " +
                      Invariant($"the benchmark waits up to 30 s after the last update. The goal: p99 under {NotifyGoalMs:0} ms (no other incident tool publishes a figure to compare with), with every message arrived."));
        md.AppendLine();
        md.AppendLine("| Destinations | Updates | Arrived | Duplicates | p50 ms | p99 ms | Max ms | Goal (p99) | Result |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        if (run.Notify is { } notify)
        {
            foreach (var c in notify.Latency)
            {
                var pass = c.Received == c.Expected && c.Latency.P99Ms < NotifyGoalMs;
                md.AppendLine(Invariant($"| {c.Destinations} | {c.Updates:N0} | {c.Received:N0} of {c.Expected:N0} | {c.Duplicates:N0} | {Ms(c.Latency.MedianMs)} | {Ms(c.Latency.P99Ms)} | {Ms(c.Latency.MaxMs)} | < {NotifyGoalMs:0} ms | {Verdict(pass)} |"));
            }
        }
        else
        {
            md.AppendLine("| — | not run | | | | | | | |");
        }

        md.AppendLine();
        md.AppendLine(Invariant($"**Draining a backlog.** One channel. A server started with the environment `scheduler__enabled=false` (its scheduler and dispatcher off, so messages stay in the outbox) takes {NotifyRun.DrainMessages:N0} updates ") +
                      Invariant($"spread over {NotifyRun.DrainIncidents} incidents, {NotifyRun.FillConcurrency} clients at once, and is stopped (SIGTERM). A second server then starts on the same data folder with the scheduler on; ") +
                      Invariant($"the dispatcher's time runs from that server's first 200 from `/healthz` to the arrival that brings the receiver to {NotifyRun.DrainMessages:N0} distinct `webhook-id`s, and messages/s is that count over that time. ") +
                      Invariant($"It sends up to {NotifyRun.ChannelConcurrency} incidents at once and each incident's messages one after another. ") +
                      Invariant($"Duplicates are requests beyond the distinct ids, counted until 1 s after the last one arrived. The peer, measured in the same run against the same receiver once the server has stopped: a plain `HttpClient` posting a real message body from the drain, with its signature headers and a fresh `webhook-id`, ") +
                      Invariant($"{NotifyRun.DrainMessages:N0} times from {NotifyRun.ChannelConcurrency} workers in a closed loop (the channel's concurrency), after {NotifyRun.RawWarmups} untimed posts. There is no goal; the ratio shows what the outbox, the signing and the bookkeeping cost beside the wire."));
        md.AppendLine();
        md.AppendLine("| Sender | Messages | Concurrency | Body | Time | Messages/s | Distinct ids | Duplicates | Result |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        if (run.Notify?.Drain is { } d)
        {
            var all = d.Distinct == d.Messages && d.SentWhileOff == 0;
            var ratio = d.Raw.PerSecond > 0 ? d.PerSecond / d.Raw.PerSecond : double.NaN;
            var ratioText = ratio.ToString(ratio < 0.1 ? "0.0000" : "0.00", CultureInfo.InvariantCulture);
            md.AppendLine(Invariant($"| Firebreak's dispatcher, from `/healthz` | {d.Messages:N0} | {d.Concurrency} | {d.BodyBytes:N0} B | {d.HealthyToLast.TotalSeconds:0.00} s | {d.PerSecond:N0} | {d.Distinct:N0} | {d.Duplicates:N0} | {(all ? "all arrived" : Verdict(false) + Invariant($": {d.Distinct:N0} arrived, {d.SentWhileOff:N0} while off"))}; ×{ratioText} of the raw rate |"));
            md.AppendLine(Invariant($"| plain `HttpClient` (the peer) | {d.Raw.Count:N0} | {d.Raw.Concurrency} | {d.BodyBytes:N0} B | {d.Raw.Seconds:0.00} s | {d.Raw.PerSecond:N0} | {d.RawDistinct:N0} | — | p50 {Ms(d.Raw.Latency.MedianMs)} ms, p99 {Ms(d.Raw.Latency.P99Ms)} ms |"));
            md.AppendLine();
            md.AppendLine(Invariant($"The second server answered `/healthz` {d.StartToHealthy.TotalMilliseconds:0} ms after it was started; its first message arrived {d.HealthyToFirst.TotalMilliseconds:0} ms after that (negative: before). ") +
                          Invariant($"The first tenth of the messages ({d.Messages / 10:N0}) arrived within {d.FirstTenth.TotalSeconds:0.00} s of the first one, the last tenth in {d.LastTenth.TotalSeconds:0.00} s (equal times would mean a rate that does not depend on the backlog's size). ") +
                          Invariant($"The backlog went in at {d.Fill.PerSecond:N0} updates/s ({d.Fill.Count:N0} updates, p50 {Ms(d.Fill.Latency.MedianMs)} ms, p99 {Ms(d.Fill.Latency.P99Ms)} ms); the receiver got {d.SentWhileOff:N0} requests while the scheduler was off."));
        }
        else
        {
            md.AppendLine("| — | not run | | | | | | | |");
        }

        md.AppendLine();
    }

    private static void AppendSetup(StringBuilder md, RunResults run)
    {
        if (run.Stacks.Count == 0)
        {
            return;
        }

        md.AppendLine("## Setup writes");
        md.AppendLine();
        md.AppendLine("Not measurements in their own right, but the rates at which the data above was written through the API, at concurrency 16.");
        md.AppendLine();
        md.AppendLine("| Engine | What | Count | Per second | p50 ms | p99 ms |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var stack in run.Stacks)
        {
            md.AppendLine(Invariant($"| {stack.Engine} | declare incidents (`POST /api/v1/incidents`) | {stack.Declares.Count:N0} | {stack.Declares.PerSecond:N0} | {Ms(stack.Declares.Latency.MedianMs)} | {Ms(stack.Declares.Latency.P99Ms)} |"));
            md.AppendLine(Invariant($"| {stack.Engine} | notes to one incident, growing to {run.Settings.TimelineItems:N0} items | {stack.Seed.Count:N0} | {stack.Seed.PerSecond:N0} | {Ms(stack.Seed.Latency.MedianMs)} | {Ms(stack.Seed.Latency.P99Ms)} |"));
        }

        md.AppendLine();
    }

    private static double Median(double[] values) => Summary.Percentile([.. values.Order()], 50);

    private static string Verdict(bool pass) => pass ? "pass" : "**FAIL**";

    private static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    private static string Escape(string? text) => (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
