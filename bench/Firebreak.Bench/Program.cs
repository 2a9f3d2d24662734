using System.Diagnostics;
using System.Globalization;
using Firebreak.Bench;

// Firebreak's benchmark: see bench/run.sh, which builds, provides PostgreSQL and runs this.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcesses.KillAll();

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var ownsWork = !Directory.Exists(settings.Work);
Directory.CreateDirectory(settings.Work);
ChildProcesses.PidDirectory = Path.Combine(settings.Work, "pids");
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}"));

var run = new RunResults
{
    Settings = settings,
    Machine = Machine.Read(settings.Work),
    StartedAt = TimeProvider.System.GetUtcNow(),
};
var ct = cancellation.Token;
try
{
    Say($"Firebreak benchmark: {run.Machine.Cores} cores, {run.Machine.MemoryBytes / 1024.0 / 1024 / 1024:0.0} GiB, data on {run.Machine.WorkFileSystem}");
    if (run.Machine.WorkFileSystem.StartsWith("tmpfs", StringComparison.Ordinal))
    {
        Say("WARNING: the work folder is on tmpfs, where fsync costs nothing; write figures will not be durable ones.");
    }

    // --only notify runs section 7 alone, --only status section 8.
    var all = settings.Only is null;

    // 4. Start time and idle memory first, while nothing else of ours runs.
    if (all)
    {
        run.Startup = await StartupRun.RunAsync(settings, Say, ct);
    }

    // SQLite: the raw peer, the stack, the raw peer again.
    async Task SqliteRawAsync(string when)
    {
        var (raw, version) = await RawInserts.SqliteAsync(Path.Combine(settings.NewDirectory($"sqlite-raw-{when}"), "raw.db"), settings.CellWarmup, settings.CellDuration, ct);
        run.SqliteVersion = version;
        run.Raw.Add(new RawResults("SQLite", when, raw));
        Say($"SQLite raw ({when}): {raw.PerSecond:0} durable inserts/s, p50 {raw.Latency.MedianMs:0.00} ms, p99 {raw.Latency.P99Ms:0.00} ms ({version})");
    }

    if (all)
    {
        await SqliteRawAsync("before");
        run.Stacks.Add(await StackRun.RunAsync(settings, "SQLite", null, Say, ct));
        await SqliteRawAsync("after");
    }

    // PostgreSQL: the same, on fresh databases.
    if (all && settings.PostgresAdmin is { } admin)
    {
        var postgres = new Postgres(admin);
        run.PostgresSettings = await postgres.SettingsAsync(ct);
        Say($"PostgreSQL {run.PostgresSettings["server_version"]}: fsync={run.PostgresSettings["fsync"]}, synchronous_commit={run.PostgresSettings["synchronous_commit"]}");
        if (run.PostgresSettings["fsync"] != "on" || run.PostgresSettings["synchronous_commit"] != "on")
        {
            Say("WARNING: PostgreSQL is not running with fsync and synchronous_commit on; its write figures are not durable ones.");
        }

        async Task PostgresRawAsync(string when)
        {
            var database = await postgres.FreshDatabaseAsync("firebreak_bench_raw", ct);
            foreach (var concurrency in settings.Concurrencies)
            {
                var raw = await RawInserts.PostgresAsync(database, concurrency, settings.CellWarmup, settings.CellDuration, ct);
                run.Raw.Add(new RawResults("PostgreSQL", when, raw));
                Say($"PostgreSQL raw ({when}), concurrency {concurrency}: {raw.PerSecond:0} durable inserts/s, p50 {raw.Latency.MedianMs:0.00} ms, p99 {raw.Latency.P99Ms:0.00} ms");
            }
        }

        await PostgresRawAsync("before");
        var stackDatabase = await postgres.FreshDatabaseAsync("firebreak_bench_stack", ct);
        run.Stacks.Add(await StackRun.RunAsync(settings, "PostgreSQL", stackDatabase, Say, ct));
        await PostgresRawAsync("after");
    }
    else if (all)
    {
        Say("PostgreSQL: skipped (no --postgres given)");
    }

    // 7. Notifications, on SQLite: a receiver in this process, servers of their own.
    if (all || settings.Only == "notify")
    {
        run.Notify = await NotifyRun.RunAsync(settings, Say, ct);
    }

    // 8. The public status page beside nginx serving the same bytes; on PostgreSQL with the database gone.
    if (all || settings.Only == "status")
    {
        run.Status = await StatusRun.RunAsync(settings, Say, ct);
    }

    // 9. The learning report over 10,000 incidents, on SQLite.
    if (all || settings.Only == "report")
    {
        run.Learning = await ReportRun.RunAsync(settings, Say, ct);
    }

    // 10. The postmortem of an incident with a long timeline, on SQLite.
    if (all || settings.Only == "postmortem")
    {
        run.Postmortem = await PostmortemRun.RunAsync(settings, Say, ct);
    }

    // 11. Alert intake beside a throwaway Alertmanager, and the storm of 100,000 alerts.
    if (all || settings.Only == "alerts")
    {
        run.Alerts = await AlertsRun.RunAsync(settings, Say, ct);
    }

    run.Elapsed = clock.Elapsed;
    Directory.CreateDirectory(Path.GetDirectoryName(settings.Output)!);
    var report = Report.Render(run);

    // One section alone replaces only its own part of the report: the other sections keep their figures.
    if (settings.Only is { } only && File.Exists(settings.Output))
    {
        report = Report.Merge(await File.ReadAllTextAsync(settings.Output, ct), report, only);
    }

    await File.WriteAllTextAsync(settings.Output, report, ct);

    Say("Stack / raw:");
    foreach (var stack in run.Stacks)
    {
        foreach (var cell in stack.Cells)
        {
            var peer = Report.PeerOf(run, stack.Engine, cell.Concurrency);
            var ratio = peer is null ? double.NaN : cell.Result.PerSecond / peer.Result.PerSecond;
            Say($"  {stack.Engine,-10} {cell.Layout,-12} c={cell.Concurrency,-2} {cell.Result.PerSecond,7:0}/s vs raw {peer?.Result.PerSecond ?? double.NaN,7:0}/s = {ratio:0.00}");
        }
    }

    Say($"Wrote {settings.Output}");
    var errors = run.Stacks.Sum(st => st.Cells.Sum(c => c.Result.Errors));
    if (errors > 0)
    {
        Console.Error.WriteLine($"{errors} appends failed; see the report and the server logs in {settings.Work}.");
        return 1;
    }

    if (run.Status?.Outage is { } outage && outage.Gone.Non2xx + outage.Gone.SocketErrors > 0)
    {
        Console.Error.WriteLine($"With the database gone, /status answered {outage.Gone.Non2xx} requests with an error and {outage.Gone.SocketErrors} failed on the socket; see {settings.Work}.");
        return 1;
    }

    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark failed: {e}");
    return 3;
}
finally
{
    ChildProcesses.KillAll();
    if (ownsWork)
    {
        try
        {
            Directory.Delete(settings.Work, recursive: true);
        }
        catch (IOException)
        {
            Console.Error.WriteLine($"Could not remove {settings.Work}.");
        }
    }
}
