using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Firebreak.Bench;

/// <param name="Target">"Firebreak (SQLite)", "Firebreak (PostgreSQL)" or "Alertmanager".</param>
internal sealed record AlertIntakeCell(string Target, LoadResult Result);

/// <summary>One storm: every alert of one failure, one a request; the latency of the first 10 %, the middle and the last 10 % of requests.</summary>
internal sealed record StormResults(string Engine, int Alerts, double Seconds, Summary Latency, Summary First, Summary Middle, Summary Last, int Groups, int GroupAlerts, int Incidents)
{
    public double PerSecond => Alerts / Seconds;
}

/// <param name="LoadBefore">The machine's load average (1, 5, 15 min) when the section started, and <paramref name="LoadAfter"/> when it ended.</param>
internal sealed record AlertsResults(string AlertmanagerVersion, int Concurrency, double CellSeconds, IReadOnlyList<AlertIntakeCell> Cells, IReadOnlyList<StormResults> Storms, string LoadBefore, string LoadAfter);

/// <summary>
/// Section 11: alert intake. Alertmanager's own <c>POST /api/v2/alerts</c> (a throwaway Alertmanager) beside
/// Firebreak's <c>/intake/prometheus/api/v2/alerts</c>, which takes the same body: one alert a request with
/// labels of its own, 32 concurrent senders, the same client code and bytes for both. Then the storm on a
/// fresh Firebreak: 100,000 alerts of one failure, one a request, which must open one group and one incident.
/// </summary>
internal static class AlertsRun
{
    public const int Concurrency = 32;
    public const int StormAlerts = 100_000;
    public const string IntakePath = "intake/prometheus/api/v2/alerts";
    public const string AlertmanagerPath = "api/v2/alerts";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Cell = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StormLimit = TimeSpan.FromMinutes(10);
    private static readonly string Key = "bench-" + Guid.NewGuid().ToString("N");

    private const string Config = """
        alerts:
          integrations:
            - name: prometheus
              source: prometheus
              keyEnv: FIREBREAK_BENCH_PROM_KEY
              declare:
                - match: { alertname: CheckoutDown }
                  severity: SEV-2
                  status: investigating
        """;

    public static async Task<AlertsResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        var loadBefore = StatusRun.LoadAverage();
        var version = await Alertmanager.VersionAsync(cancellationToken);
        var cells = new List<AlertIntakeCell>();
        var storms = new List<StormResults>();
        await using (var alertmanager = await Alertmanager.StartAsync(settings.NewDirectory("alerts-alertmanager"), Path.Combine(settings.Work, "alertmanager.log"), cancellationToken))
        {
            say($"alerts: {version} on {alertmanager.BaseAddress}");
            using var toAlertmanager = Sender(alertmanager.BaseAddress);
            long sequence = 0;
            async Task<AlertIntakeCell> CellAsync(string target, HttpClient http, string path)
            {
                var result = await Load.ForDurationAsync(Concurrency, Warmup, Cell, (_, _, ct) => PostAsync(http, path, Body("BenchIntake", Interlocked.Increment(ref sequence)), ct), cancellationToken);
                say($"alerts: {target,-22} {result.PerSecond,7:0} alerts/s, p50 {result.Latency.MedianMs:0.00} ms, p99 {result.Latency.P99Ms:0.00} ms{(result.Errors > 0 ? $", {result.Errors} errors ({result.FirstError})" : string.Empty)}");
                return new AlertIntakeCell(target, result);
            }

            // In the order Firebreak, Alertmanager, Alertmanager, Firebreak, so that a drift in the machine's speed falls on both.
            foreach (var (engine, database) in Engines(settings))
            {
                await using var server = await StartAsync(settings, engine, database, "alerts-intake", cancellationToken);
                using var toFirebreak = Sender(server.BaseAddress);
                var target = $"Firebreak ({engine})";
                await Load.ForDurationAsync(Concurrency, settings.ServerWarmup, TimeSpan.Zero, (_, _, ct) => PostAsync(toFirebreak, IntakePath, Body("BenchWarmup", Interlocked.Increment(ref sequence)), ct), cancellationToken);
                cells.Add(await CellAsync(target, toFirebreak, IntakePath));
                if (engine == "SQLite")
                {
                    await Load.ForDurationAsync(Concurrency, settings.ServerWarmup, TimeSpan.Zero, (_, _, ct) => PostAsync(toAlertmanager, AlertmanagerPath, Body("BenchWarmup", Interlocked.Increment(ref sequence)), ct), cancellationToken);
                    cells.Add(await CellAsync("Alertmanager", toAlertmanager, AlertmanagerPath));
                    cells.Add(await CellAsync("Alertmanager", toAlertmanager, AlertmanagerPath));
                }

                cells.Add(await CellAsync(target, toFirebreak, IntakePath));
                await server.StopAsync();
            }
        }

        foreach (var (engine, database) in Engines(settings))
        {
            storms.Add(await StormAsync(settings, engine, database, say, cancellationToken));
        }

        return new AlertsResults(version, Concurrency, Cell.TotalSeconds, cells, storms, loadBefore, StatusRun.LoadAverage());
    }

    private static IEnumerable<(string Engine, string? Database)> Engines(Settings settings)
    {
        yield return ("SQLite", null);
        if (settings.PostgresAdmin is { } admin)
        {
            yield return ("PostgreSQL", admin);
        }
    }

    private static async Task<ServerProcess> StartAsync(Settings settings, string engine, string? admin, string name, CancellationToken cancellationToken)
    {
        var folder = settings.NewDirectory($"{name}-{engine.ToLowerInvariant()}");
        var config = Path.Combine(folder, "firebreak.yaml");
        await File.WriteAllTextAsync(config, Config, cancellationToken);
        var database = admin is null ? null : await new Postgres(admin).FreshDatabaseAsync("firebreak_bench_" + name.Replace('-', '_'), cancellationToken);
        return await ServerProcess.StartAsync(
            settings.Cli, folder, database, settings.Token, Path.Combine(settings.Work, $"{name}-{engine.ToLowerInvariant()}.log"), cancellationToken,
            configFile: config, environment: new Dictionary<string, string> { ["FIREBREAK_BENCH_PROM_KEY"] = Key });
    }

    /// <summary>The storm on a fresh server: every alert one request, then the group, its alerts and the incidents counted through the API.</summary>
    private static async Task<StormResults> StormAsync(Settings settings, string engine, string? admin, Action<string> say, CancellationToken cancellationToken)
    {
        await using var server = await StartAsync(settings, engine, admin, "alerts-storm", cancellationToken);
        using var sender = Sender(server.BaseAddress);
        using var api = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);

        var latencies = new double[StormAlerts];
        long next = -1;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(StormLimit);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(
            async () =>
            {
                long n;
                while ((n = Interlocked.Increment(ref next)) < StormAlerts)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await PostAsync(sender, IntakePath, Body("CheckoutDown", n), bounded.Token);
                    latencies[n] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
            },
            bounded.Token)));
        var seconds = clock.Elapsed.TotalSeconds;

        using var groups = JsonDocument.Parse(await api.GetStringAsync("api/v1/alert-groups", cancellationToken));
        var items = groups.RootElement.GetProperty("items");
        var groupAlerts = items.EnumerateArray().Sum(g => g.GetProperty("alerts").GetInt32());

        // The auto-declare is the scheduler's: wait until the group is attached, then count the incidents.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60) && items.GetArrayLength() == 1)
        {
            using var group = JsonDocument.Parse(await api.GetStringAsync($"api/v1/alert-groups/{items[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)}", cancellationToken));
            if (group.RootElement.GetProperty("incident").ValueKind != JsonValueKind.Null)
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        using var incidents = JsonDocument.Parse(await api.GetStringAsync("api/v1/incidents", cancellationToken));
        var opened = incidents.RootElement.GetProperty("items").GetArrayLength();
        var tenth = StormAlerts / 10;
        var storm = new StormResults(
            engine, StormAlerts, seconds, Summary.Of(latencies), Summary.Of(latencies[..tenth]), Summary.Of(latencies[tenth..^tenth]), Summary.Of(latencies[^tenth..]),
            items.GetArrayLength(), groupAlerts, opened);
        say($"alerts: storm on {engine}: {StormAlerts:N0} alerts in {seconds:0.0} s, {storm.PerSecond:0} alerts/s, p50 {storm.Latency.MedianMs:0.00} ms, p99 {storm.Latency.P99Ms:0.00} ms " +
            $"(first 10 % p99 {storm.First.P99Ms:0.00}, middle {storm.Middle.P99Ms:0.00}, last 10 % {storm.Last.P99Ms:0.00}); {storm.Groups} group(s) holding {groupAlerts:N0} alerts, {opened} incident(s)");
        await server.StopAsync();
        return storm;
    }

    /// <summary>The one client both servers are sent to: the same handler, headers and body bytes (Alertmanager ignores the Authorization header).</summary>
    private static HttpClient Sender(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256, ConnectTimeout = TimeSpan.FromSeconds(5) };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    private static async Task PostAsync(HttpClient http, string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>One alert in Prometheus's format, with an instance label of its own: a new alert every time.</summary>
    private static byte[] Body(string alertname, long n) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $$$"""[{"labels":{"alertname":"{{{alertname}}}","service":"checkout","instance":"checkout-{{{n:D7}}}"},"annotations":{"summary":"checkout-{{{n:D7}}} answers 503"}}]"""));
}
