using System.Diagnostics;
using System.Net.Http.Headers;
using Firebreak.Core.Incidents;
using Firebreak.Core.Updates;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Reports;

namespace Firebreak.Bench;

/// <summary>Section 9's figures: the learning report over 10,000 incidents with their events.</summary>
internal sealed record ReportResults(int Incidents, long Events, TimeSpan Seeding, TimeSpan StartToHealthy, Summary Latency, int Bytes);

/// <summary>
/// Section 9, the learning report: 10,000 incidents over the last 90 days written through the store (the figures
/// projection runs in each append's transaction, as in the server), then `firebreak serve` on that SQLite file,
/// and GET /api/v1/reports/learning timed one request after another.
/// </summary>
internal static class ReportRun
{
    public const int Incidents = 10_000;
    public const int Requests = 50;
    private static readonly string[] Services = [.. Enumerable.Range(1, 20).Select(i => $"service-{i:00}")];
    private static readonly string[] Severities = ["SEV-1", "SEV-2", "SEV-2", "SEV-3", "SEV-3", "SEV-3", "SEV-4"];

    public static async Task<ReportResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        var data = settings.NewDirectory("report-server");
        var seeding = Stopwatch.StartNew();
        long events;
        await using (var database = Database.Create(null, data))
        {
            await database.MigrateAsync(cancellationToken);
            var store = new IncidentStore(database, new IncidentFiguresProjection(SeverityScale.Default));
            // An empty database marks its snapshot and figures versions, so the server's start rebuilds nothing.
            await store.EnsureSnapshotsAsync(cancellationToken);
            await new IncidentFiguresStore(store.StreamStore, SeverityScale.Default).EnsureAsync(cancellationToken);
            events = await SeedAsync(store, cancellationToken);
        }

        seeding.Stop();
        say($"learning report: seeded {Incidents:N0} incidents ({events:N0} events) in {seeding.Elapsed.TotalSeconds:0.0} s");

        await using var server = await ServerProcess.StartAsync(settings.Cli, data, null, settings.Token, Path.Combine(settings.Work, "report-server.log"), cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        var bytes = 0;
        for (var i = 0; i < 5; i++)
        {
            bytes = (await GetAsync(http, cancellationToken)).Length;
        }

        var times = new List<double>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(http, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var latency = Summary.Of(times);
        say($"learning report: GET /api/v1/reports/learning over {Incidents:N0} incidents: p50 {latency.MedianMs:0.0} ms, p99 {latency.P99Ms:0.0} ms ({bytes:N0} bytes)");
        return new ReportResults(Incidents, events, seeding.Elapsed, server.StartToHealthy, latency, bytes);
    }

    private static async Task<string> GetAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/v1/reports/learning", cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Each incident in three appends, 64 at a time (group commit): declared with a commander and an update, then mitigated, then (most of them) resolved or declined.</summary>
    private static async Task<long> SeedAsync(IncidentStore store, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        long events = 0;
        await Parallel.ForAsync(0, Incidents, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var random = new Random(i);
            var declared = now - TimeSpan.FromMinutes(random.Next(60 * 24, 60 * 24 * 89));
            var started = declared - TimeSpan.FromMinutes(random.Next(0, 45));
            var services = i % 5 == 0 ? new[] { Services[i % 20], Services[(i + 7) % 20] } : new[] { Services[i % 20] };
            var created = await store.CreateAsync(
                [
                    new IncidentDeclared($"Incident {i}", Severities[i % Severities.Length], null, null, services, started, i % 10 == 0, IncidentStatus.Investigating),
                    new ResponderJoined("alice"),
                    new RoleAssigned(IncidentRoles.Commander, "bob", null),
                    new UpdatePosted(UpdateAudience.Internal, null, "Looking into it."),
                ],
                "alice",
                declared,
                ct);
            var id = created.State.Id;
            var count = 4L;
            if (i % 20 == 0)
            {
                await AppendAsync(store, id, declared.AddMinutes(5), [new IncidentDeclined("A false alarm.")], ct);
                Interlocked.Add(ref events, count + 1);
                return;
            }

            var mitigated = declared.AddMinutes(random.Next(5, 90));
            await AppendAsync(store, id, mitigated, [new UpdatePosted(UpdateAudience.Public, PublicStatus.Identified, "Mitigating."), new MitigationApplied(1)], ct);
            count += 2;
            if (i % 10 != 1)
            {
                await AppendAsync(store, id, mitigated.AddMinutes(random.Next(10, 240)), [new UpdatePosted(UpdateAudience.Public, PublicStatus.Resolved, "Fixed."), new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Resolved, null)], ct);
                count += 2;
            }

            Interlocked.Add(ref events, count);
        });
        return events;
    }

    private static async Task AppendAsync(IncidentStore store, long id, DateTimeOffset at, IReadOnlyList<IIncidentEvent> events, CancellationToken cancellationToken)
    {
        var appended = await store.AppendAsync(id, null, _ => Firebreak.Core.Common.Result<IReadOnlyList<IIncidentEvent>>.Ok(events), "alice", at, cancellationToken);
        if (!appended.IsSuccess)
        {
            throw new InvalidOperationException($"Seeding incident {id} failed: {appended.Error!.Message}");
        }
    }
}
