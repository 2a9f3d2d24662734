using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;

namespace Firebreak.Bench;

internal sealed record AppendCell(string Layout, int Concurrency, LoadResult Result);

internal sealed record ReadResults(int Items, long TimelineBytes, Summary Pair, Summary Incident, Summary Timeline, Summary Storage);

internal sealed record StackResults(
    string Engine,
    TimeSpan StartToHealthy,
    LoadResult Declares,
    IReadOnlyList<AppendCell> Cells,
    long ResidentAfterAppends,
    LoadResult Seed,
    int Notes,
    ReadResults Reads,
    RoomResults Room,
    IReadOnlyList<LiveCell> Live);

/// <summary>
/// Everything measured against one real `firebreak serve` process on one engine: appends over HTTP
/// in each layout and concurrency, then the read of a 10,000-item incident over HTTP, then its room in
/// the web UI, then (with the server stopped) the same read straight from the store.
/// </summary>
internal static class StackRun
{
    public const string OneIncident = "one incident";
    public const string Spread = "spread";

    private static readonly TimeSpan SetupLimit = TimeSpan.FromMinutes(3);

    /// <param name="postgres">Connection string to a fresh PostgreSQL database, or null for SQLite.</param>
    public static async Task<StackResults> RunAsync(Settings settings, string engine, string? postgres, Action<string> say, CancellationToken cancellationToken)
    {
        var slug = engine.ToLowerInvariant();
        var data = settings.NewDirectory($"{slug}-server");
        var log = Path.Combine(settings.Work, $"{slug}-server.log");
        say($"{engine}: starting firebreak serve ({(postgres is null ? "SQLite in " + data : "PostgreSQL")})");
        StackResults results;
        long readIncident;
        int notes;
        await using (var server = await ServerProcess.StartAsync(settings.Cli, data, postgres, settings.Token, log, cancellationToken))
        {
            using var api = new FirebreakApi(server.BaseAddress, settings.Token);

            var (busy, _) = await api.DeclareAsync("Benchmark: one busy incident", cancellationToken);
            var spread = new long[settings.SpreadIncidents];
            var declares = await Load.ForCountAsync(
                16,
                spread.Length,
                SetupLimit,
                async (_, n, ct) => spread[n - 1] = (await api.DeclareAsync($"Benchmark incident {n.ToString(CultureInfo.InvariantCulture)}", ct)).Id,
                cancellationToken);
            say($"{engine}: declared {spread.Length:N0} incidents at concurrency 16: {declares.PerSecond:0} declares/s");

            // Bring the server to its steady state (tiered JIT, pools, caches) before the first measured cell.
            var (scratch, _) = await api.DeclareAsync("Benchmark: warm-up", cancellationToken);
            var half = settings.ServerWarmup / 2;
            foreach (var concurrency in new[] { 16, 1 })
            {
                await Load.ForDurationAsync(concurrency, TimeSpan.Zero, half, (_, n, ct) => api.AppendAsync(scratch, FirebreakApi.NoteText(n), ct), cancellationToken);
            }

            var cells = new List<AppendCell>();
            foreach (var layout in new[] { OneIncident, Spread })
            {
                foreach (var concurrency in settings.Concurrencies)
                {
                    var result = await Load.ForDurationAsync(
                        concurrency,
                        settings.CellWarmup,
                        settings.CellDuration,
                        (_, n, ct) => api.AppendAsync(layout == OneIncident ? busy : spread[n % spread.Length], FirebreakApi.NoteText(n), ct),
                        cancellationToken);
                    cells.Add(new AppendCell(layout, concurrency, result));
                    say($"{engine}: appends, {layout}, concurrency {concurrency}: {result.PerSecond:0}/s, p50 {result.Latency.MedianMs:0.0} ms, p99 {result.Latency.P99Ms:0.0} ms" +
                        (result.Errors > 0 ? $", {result.Errors} ERRORS (first: {result.FirstError})" : string.Empty));
                }
            }

            var resident = server.ResidentBytes();

            (readIncident, var declared) = await api.DeclareAsync("Benchmark: incident with a long timeline", cancellationToken);
            notes = settings.TimelineItems - (int)declared;
            var seed = await Load.ForCountAsync(
                16,
                notes,
                SetupLimit,
                (_, n, ct) => api.AppendAsync(readIncident, FirebreakApi.NoteText(n), ct),
                cancellationToken);
            say($"{engine}: wrote {notes:N0} notes to {readIncident} at concurrency 16: {seed.PerSecond:0}/s");

            var reads = await ReadOverHttpAsync(settings, api, readIncident, cancellationToken);
            say($"{engine}: GET incident + GET timeline ({reads.Items:N0} items, {reads.TimelineBytes / 1024.0 / 1024.0:0.0} MiB): median {reads.Pair.MedianMs:0.0} ms, p95 {reads.Pair.P95Ms:0.0} ms");

            var room = await RoomReads.RunAsync(settings, server.BaseAddress, api, readIncident, cancellationToken);
            say($"{engine}: GET /incidents/{readIncident} ({room.Long.Items:N0} entries, {room.Long.Shown} shown, {room.Long.HtmlBytes / 1024.0:0} KiB of HTML): median {room.Long.Latency.MedianMs:0.0} ms, p95 {room.Long.Latency.P95Ms:0.0} ms");
            say($"{engine}: GET /incidents/{{id}} with {room.Short.Items:N0} entries ({room.Short.HtmlBytes / 1024.0:0} KiB of HTML): median {room.Short.Latency.MedianMs:0.0} ms, p95 {room.Short.Latency.P95Ms:0.0} ms");

            var live = await LiveRun.RunAsync(server.BaseAddress, api, line => say($"{engine}: {line}"), cancellationToken);

            results = new StackResults(engine, server.StartToHealthy, declares, cells, resident, seed, notes, reads, room, live);
        }

        // The store on its own, with the server gone: the same database, read in this process.
        await using var database = Database.Create(postgres, data);
        var store = new IncidentStore(database);
        var storage = await Load.SequentialAsync(
            settings.ReadWarmups,
            settings.ReadWarmupTime,
            settings.Reads,
            async ct =>
            {
                var events = await store.ReadAsync(readIncident, 0, settings.TimelineItems, ct);
                if (events.Count != settings.TimelineItems)
                {
                    throw new InvalidOperationException($"IncidentStore.ReadAsync returned {events.Count} events, expected {settings.TimelineItems}.");
                }
            },
            cancellationToken);
        say($"{engine}: IncidentStore.ReadAsync of {settings.TimelineItems:N0} events: median {storage.MedianMs:0.0} ms, p95 {storage.P95Ms:0.0} ms");
        return results with { Reads = results.Reads with { Storage = storage } };
    }

    private static async Task<ReadResults> ReadOverHttpAsync(Settings settings, FirebreakApi api, long id, CancellationToken cancellationToken)
    {
        var incidentPath = $"api/v1/incidents/{id.ToString(CultureInfo.InvariantCulture)}";
        var timelinePath = $"{incidentPath}/timeline?limit={settings.TimelineItems.ToString(CultureInfo.InvariantCulture)}";

        // Check once that the page really is the whole timeline.
        using (var incident = JsonDocument.Parse(await api.GetAsync(incidentPath, cancellationToken)))
        {
            var version = incident.RootElement.GetProperty("version").GetInt64();
            if (version != settings.TimelineItems)
            {
                throw new InvalidOperationException($"The read incident is at version {version}, expected {settings.TimelineItems}.");
            }
        }

        var body = await api.GetAsync(timelinePath, cancellationToken);
        int items;
        using (var timeline = JsonDocument.Parse(body))
        {
            items = timeline.RootElement.GetProperty("items").GetArrayLength();
            if (items != settings.TimelineItems || timeline.RootElement.GetProperty("nextAfter").ValueKind != JsonValueKind.Null)
            {
                throw new InvalidOperationException($"The timeline page has {items} items (expected {settings.TimelineItems}) or is not the last page.");
            }
        }

        await Load.WarmUpAsync(
            settings.ReadWarmups,
            settings.ReadWarmupTime,
            async ct =>
            {
                await api.GetAsync(incidentPath, ct);
                await api.GetAsync(timelinePath, ct);
            },
            cancellationToken);

        var pair = new List<double>();
        var incidentOnly = new List<double>();
        var timelineOnly = new List<double>();
        for (var i = 0; i < settings.Reads; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await api.GetAsync(incidentPath, cancellationToken);
            var t1 = Stopwatch.GetTimestamp();
            await api.GetAsync(timelinePath, cancellationToken);
            var t2 = Stopwatch.GetTimestamp();
            incidentOnly.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            timelineOnly.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            pair.Add(Stopwatch.GetElapsedTime(t0, t2).TotalMilliseconds);
        }

        return new ReadResults(items, body.Length, Summary.Of(pair), Summary.Of(incidentOnly), Summary.Of(timelineOnly), Summary.Of([]));
    }
}
