using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Firebreak.Bench;

/// <param name="Server">"Firebreak" or "nginx".</param>
/// <param name="Gzip">Whether wrk sent <c>Accept-Encoding: gzip</c> (and so got the gzip copy).</param>
/// <param name="BodyBytes">The size of the body each response carried.</param>
/// <param name="HeaderBytes">The size of the status line and headers of one response, up to the blank line.</param>
/// <param name="Result">The better (by req/s) of the target's <see cref="StatusRun.RunsPerTarget"/> runs.</param>
internal sealed record StatusCell(string Server, string Path, bool Gzip, int BodyBytes, int HeaderBytes, WrkResult Result);

/// <param name="Up">/status on PostgreSQL with the database there.</param>
/// <param name="Gone">/status on the same server once the database allowed no connection and its open ones were ended.</param>
/// <param name="ApiStatusWhileGone">What an API read that needs the database answered meanwhile (proof that it was gone).</param>
/// <param name="PageShownWhileGone">Whether /status still carried the public update's text meanwhile.</param>
/// <param name="ApiBackAfter">From giving the database back to the first 200 from that API read; null if none within the wait.</param>
internal sealed record StatusOutage(WrkResult Up, WrkResult Gone, int ApiStatusWhileGone, bool PageShownWhileGone, TimeSpan? ApiBackAfter);

/// <param name="LoadBefore">/proc/loadavg's 1, 5 and 15 minute figures as the section started: other work on the machine moves every figure here.</param>
/// <param name="LoadAfter">The same as the section ended.</param>
/// <param name="Updates">Public updates posted one after another for the freshness figure.</param>
/// <param name="Missed">Updates whose text did not appear in /api/v2/summary.json within <see cref="StatusRun.FreshnessWait"/>.</param>
/// <param name="Answer">The status the API answered the updates with (200 or 201).</param>
/// <param name="Freshness">From each update's answer to the first summary.json carrying its text.</param>
internal sealed record StatusResults(
    DateTimeOffset MeasuredAt,
    string LoadBefore,
    string LoadAfter,
    string NginxVersion,
    string WrkVersion,
    IReadOnlyList<StatusCell> Cells,
    StatusOutage? Outage,
    int Updates,
    int Missed,
    int Answer,
    Summary Freshness);

/// <summary>
/// The public status page: Firebreak's /status and /api/v2/summary.json beside a throwaway nginx
/// serving the very same bytes, under the same wrk load; /status again on PostgreSQL with the database
/// taken away; and the time from a public update's answer to the snapshot that carries it.
/// </summary>
internal static class StatusRun
{
    public const string SummaryPath = "/api/v2/summary.json";
    public const string PagePath = "/status";
    public const int FreshnessUpdates = 50;

    /// <summary>Runs per target and body, in the order Firebreak, nginx, nginx, Firebreak, so that a drift in the machine's speed falls on both.</summary>
    public const int RunsPerTarget = 2;
    public static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(1);

    /// <summary>The server's own debounce (StatusSnapshots.Debounce): a commit is followed by this wait before the rebuild starts.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private const string Database = "firebreak_bench_status";

    private const string Config = """
        services:
          - name: checkout
          - name: search
        statusPage:
          name: Acme status
          components:
            - name: Checkout
              group: Shop
              description: Paying for an order
              services: [checkout]
            - name: Search
              group: Shop
              services: [search]
        """;

    private static readonly Dictionary<string, string> GzipHeader = new(StringComparer.Ordinal) { ["Accept-Encoding"] = "gzip" };

    public static async Task<StatusResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        var measuredAt = TimeProvider.System.GetUtcNow();
        var loadBefore = LoadAverage();
        var nginxVersion = await Nginx.VersionAsync(cancellationToken);
        var wrkVersion = await Wrk.VersionAsync(cancellationToken);
        say($"status page: {nginxVersion}, {wrkVersion}, {Wrk.Threads} threads and {Wrk.Connections} connections");
        var config = Path.Combine(settings.NewDirectory("status-config"), "firebreak.yaml");
        await File.WriteAllTextAsync(config, Config, cancellationToken);
        using var anonymous = Anonymous();

        var cells = new List<StatusCell>();
        int updates, missed, answer;
        Summary freshness;
        await using (var server = await ServerProcess.StartAsync(
            settings.Cli, settings.NewDirectory("status-server"), null, settings.Token, Path.Combine(settings.Work, "status-server.log"), cancellationToken, config))
        {
            using var api = new FirebreakApi(server.BaseAddress, settings.Token);
            var (incident, _) = await DeclareOnThePageAsync(api, anonymous, server.BaseAddress, cancellationToken);

            // The exact bytes Firebreak serves, for nginx to serve from files.
            var page = await FetchAsync(anonymous, new Uri(server.BaseAddress, PagePath), gzip: false, cancellationToken);
            var zipped = await FetchAsync(anonymous, new Uri(server.BaseAddress, PagePath), gzip: true, cancellationToken);
            var summary = await FetchAsync(anonymous, new Uri(server.BaseAddress, SummaryPath), gzip: false, cancellationToken);
            await using (var nginx = await Nginx.StartAsync(
                settings.NewDirectory("status-nginx"),
                [new StaticFile(PagePath, page.Bytes, page.ContentType, zipped.Bytes), new StaticFile(SummaryPath, summary.Bytes, summary.ContentType, null)],
                cancellationToken))
            {
                foreach (var (path, gzip, expected) in new[] { (PagePath, false, page.Bytes), (SummaryPath, false, summary.Bytes), (PagePath, true, zipped.Bytes) })
                {
                    var served = await FetchAsync(anonymous, new Uri(nginx.BaseAddress, path.TrimStart('/')), gzip, cancellationToken);
                    if (!served.Bytes.AsSpan().SequenceEqual(expected))
                    {
                        throw new InvalidOperationException($"nginx's {path} (gzip: {gzip}) is not Firebreak's: {served.Bytes.Length} bytes against {expected.Length}.");
                    }
                }

                say($"status page: {PagePath} {page.Bytes.Length:N0} B ({zipped.Bytes.Length:N0} B gzip), {SummaryPath} {summary.Bytes.Length:N0} B; nginx on {nginx.BaseAddress} serves the same bytes");
                await Wrk.LoadAsync(new Uri(server.BaseAddress, PagePath), settings.ServerWarmup, null, cancellationToken);
                var targets = new[] { ("Firebreak", server.BaseAddress), ("nginx", nginx.BaseAddress) };
                foreach (var (path, gzip, bytes) in new[] { (PagePath, false, page.Bytes.Length), (SummaryPath, false, summary.Bytes.Length), (PagePath, true, zipped.Bytes.Length) })
                {
                    var runs = targets.ToDictionary(t => t.Item1, _ => new List<WrkResult>(), StringComparer.Ordinal);
                    for (var round = 0; round < RunsPerTarget; round++)
                    {
                        foreach (var (name, baseAddress) in round % 2 == 0 ? targets : targets.Reverse())
                        {
                            var url = new Uri(baseAddress, path.TrimStart('/'));
                            var headers = gzip ? GzipHeader : null;
                            await Wrk.LoadAsync(url, settings.CellWarmup, headers, cancellationToken);
                            var result = await Wrk.LoadAsync(url, settings.CellDuration, headers, cancellationToken);
                            runs[name].Add(result);
                            say($"status page: {name,-9} {path}{(gzip ? " (gzip)" : string.Empty)}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, {result.Non2xx} non-2xx, {result.SocketErrors} socket errors");
                        }
                    }

                    foreach (var (name, baseAddress) in targets)
                    {
                        var headerBytes = await HeaderBytesAsync(new Uri(baseAddress, path.TrimStart('/')), gzip, cancellationToken);
                        cells.Add(new StatusCell(name, path, gzip, bytes, headerBytes, runs[name].MaxBy(r => r.RequestsPerSecond)!));
                    }
                }
            }

            (updates, missed, answer, freshness) = await FreshnessAsync(api, anonymous, server.BaseAddress, incident, cancellationToken);
            say($"status page: {updates} public updates, answer ({answer}) to summary.json: p50 {freshness.MedianMs:0} ms, p99 {freshness.P99Ms:0} ms, max {freshness.MaxMs:0} ms; {missed} never seen");
            await server.StopAsync();
        }

        StatusOutage? outage = null;
        if (settings.PostgresAdmin is { } admin)
        {
            outage = await OutageAsync(settings, new Postgres(admin), anonymous, config, say, cancellationToken);
        }
        else
        {
            say("status page with the database gone: skipped (no --postgres given)");
        }

        return new StatusResults(measuredAt, loadBefore, LoadAverage(), nginxVersion, wrkVersion, cells, outage, updates, missed, answer, freshness);
    }

    private static async Task<StatusOutage> OutageAsync(Settings settings, Postgres postgres, HttpClient anonymous, string config, Action<string> say, CancellationToken cancellationToken)
    {
        var connection = await postgres.FreshDatabaseAsync(Database, cancellationToken);
        await using var server = await ServerProcess.StartAsync(
            settings.Cli, settings.NewDirectory("status-pg-server"), connection, settings.Token, Path.Combine(settings.Work, "status-pg-server.log"), cancellationToken, config);
        using var api = new FirebreakApi(server.BaseAddress, settings.Token);
        var (incident, text) = await DeclareOnThePageAsync(api, anonymous, server.BaseAddress, cancellationToken);
        var url = new Uri(server.BaseAddress, PagePath);
        var incidentPath = $"api/v1/incidents/{incident.ToString(CultureInfo.InvariantCulture)}";

        await Wrk.LoadAsync(url, settings.ServerWarmup, null, cancellationToken);
        var up = await Wrk.LoadAsync(url, settings.CellDuration, null, cancellationToken);
        say($"status page on PostgreSQL, database there: {up.RequestsPerSecond:0} req/s, p99 {up.P99Ms:0.00} ms, {up.Non2xx} non-2xx");

        WrkResult gone;
        int apiWhileGone;
        bool shown;
        await postgres.BlockAsync(Database, cancellationToken);
        try
        {
            apiWhileGone = (int)await api.StatusOfAsync(incidentPath, cancellationToken);
            shown = Encoding.UTF8.GetString((await FetchAsync(anonymous, url, gzip: false, cancellationToken)).Bytes).Contains(text, StringComparison.Ordinal);
            await Wrk.LoadAsync(url, settings.CellWarmup, null, cancellationToken);
            gone = await Wrk.LoadAsync(url, settings.CellDuration, null, cancellationToken);
            say($"status page on PostgreSQL, database gone (the API answered {apiWhileGone}): {gone.RequestsPerSecond:0} req/s, p99 {gone.P99Ms:0.00} ms, {gone.Non2xx} non-2xx, {gone.SocketErrors} socket errors; text shown: {shown}");
        }
        finally
        {
            await postgres.AllowAsync(Database, CancellationToken.None);
        }

        TimeSpan? back = null;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await api.StatusOfAsync(incidentPath, cancellationToken) == HttpStatusCode.OK)
            {
                back = waited.Elapsed;
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        say(back is { } b ? $"status page on PostgreSQL: the API answered 200 again {b.TotalMilliseconds:0} ms after the database was given back" : "status page on PostgreSQL: the API did not recover within 30 s");
        await server.StopAsync();
        return new StatusOutage(up, gone, apiWhileGone, shown, back);
    }

    /// <summary>Declares a SEV-2 on checkout with one public update and waits until /status shows it; returns the incident and the update's text.</summary>
    private static async Task<(long Incident, string Text)> DeclareOnThePageAsync(FirebreakApi api, HttpClient anonymous, Uri baseAddress, CancellationToken cancellationToken)
    {
        var incident = await api.DeclareAsync("Card payments failing at checkout", "SEV-2", ["checkout"], cancellationToken);
        const string text = "We are investigating failed card payments at checkout. Orders paid by other means are not affected; next update in 30 minutes.";
        await api.PostPublicUpdateAsync(incident, text, "investigating", cancellationToken);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var page = await FetchAsync(anonymous, new Uri(baseAddress, PagePath), gzip: false, cancellationToken, allowNotReady: true);
            if (Encoding.UTF8.GetString(page.Bytes).Contains(text, StringComparison.Ordinal))
            {
                return (incident, text);
            }

            if (waited.Elapsed > FreshnessWait)
            {
                throw new TimeoutException($"/status did not show the public update within {FreshnessWait.TotalSeconds:0} s.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Public updates one after another; after each answer, summary.json is polled (with If-None-Match) until it carries the new text.</summary>
    private static async Task<(int Updates, int Missed, int Answer, Summary Latency)> FreshnessAsync(FirebreakApi api, HttpClient anonymous, Uri baseAddress, long incident, CancellationToken cancellationToken)
    {
        var url = new Uri(baseAddress, SummaryPath.TrimStart('/'));
        EntityTagHeaderValue? etag = null;
        var latencies = new List<double>();
        var missed = 0;
        var answer = 0;
        for (var n = 1; n <= FreshnessUpdates; n++)
        {
            var token = $"u{n.ToString("D3", CultureInfo.InvariantCulture)}x{Guid.NewGuid():N}";
            var text = $"Update {token}: card payments are recovering after the rollback; we are watching the error rate and will post again in 30 minutes.";
            answer = await api.PostPublicUpdateAsync(incident, text, "identified", cancellationToken);
            var acknowledged = Stopwatch.GetTimestamp();
            var seen = false;
            while (Stopwatch.GetElapsedTime(acknowledged) < FreshnessWait)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (etag is not null)
                {
                    request.Headers.IfNoneMatch.Add(etag);
                }

                using var response = await anonymous.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    etag = response.Headers.ETag;
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (body.Contains(token, StringComparison.Ordinal))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
                        seen = true;
                        break;
                    }
                }
                else if (response.StatusCode != HttpStatusCode.NotModified)
                {
                    throw new HttpRequestException($"{SummaryPath} answered {(int)response.StatusCode}.");
                }

                await Task.Delay(PollPause, cancellationToken);
            }

            missed += seen ? 0 : 1;
        }

        return (FreshnessUpdates, missed, answer, Summary.Of(latencies));
    }

    private static async Task<(byte[] Bytes, string ContentType)> FetchAsync(HttpClient client, Uri url, bool gzip, CancellationToken cancellationToken, bool allowNotReady = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (gzip)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        }

        using var response = await client.SendAsync(request, cancellationToken);
        if (allowNotReady && response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return ([], string.Empty);
        }

        await FirebreakApi.ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        if (gzip != response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            throw new InvalidOperationException($"{url} answered with Content-Encoding '{string.Join(",", response.Content.Headers.ContentEncoding)}' (gzip asked: {gzip}).");
        }

        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
    }

    /// <summary>The size of one response's status line and headers, read off the socket (HttpClient does not keep them as bytes).</summary>
    private static async Task<int> HeaderBytesAsync(Uri url, bool gzip, CancellationToken cancellationToken)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port, cancellationToken);
        var stream = tcp.GetStream();
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n{(gzip ? "Accept-Encoding: gzip\r\n" : string.Empty)}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        // "Connection: close" is the one header the benchmark's request adds to the answer; it is not counted.
        var text = Encoding.Latin1.GetString(received.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No end of headers in the answer from {url}.");
        }

        var head = text[..(end + 4)];
        var close = head.IndexOf("\r\nConnection: close", StringComparison.OrdinalIgnoreCase);
        return head.Length - (close >= 0 ? "\r\nConnection: close".Length : 0);
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>A client without credentials and without automatic decompression: the bytes on the wire are the bytes read.</summary>
    private static HttpClient Anonymous() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
