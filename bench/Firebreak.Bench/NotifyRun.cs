using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Firebreak.Bench;

/// <param name="Destinations">Webhook channels routed for the update, each its own path on the receiver.</param>
/// <param name="Expected">(update, destination) pairs that should have arrived: updates × destinations.</param>
/// <param name="Received">Pairs that did, within the wait.</param>
/// <param name="Duplicates">Requests for a pair beyond its first.</param>
internal sealed record NotifyLatencyCell(int Destinations, int Incidents, int Updates, long Expected, long Received, long Duplicates, Summary Latency);

/// <param name="Fill">The updates posted while the server's scheduler was off.</param>
/// <param name="SentWhileOff">Requests the receiver got while the scheduler was off (should be none).</param>
/// <param name="HealthyToFirst">From the second start's first 200 from /healthz to the first message's arrival (negative: before it).</param>
/// <param name="HealthyToLast">From the same 200 to the arrival that made the distinct count complete.</param>
/// <param name="FirstTenth">From the first message's arrival to the arrival of the first tenth of them (distinct).</param>
/// <param name="LastTenth">The time the last tenth of them took to arrive, after the ninth tenth had.</param>
/// <param name="Requests">Requests on the channel's path, duplicates included.</param>
/// <param name="Distinct">Distinct webhook-id values among them.</param>
/// <param name="BodyBytes">The size of the message body the raw client posts (a real one from the drain).</param>
/// <param name="Raw">The plain HttpClient posting the same body to the same receiver, as many times, at the channel's concurrency.</param>
internal sealed record NotifyDrainResults(
    int Messages,
    int Incidents,
    int Concurrency,
    LoadResult Fill,
    long SentWhileOff,
    TimeSpan StartToHealthy,
    TimeSpan HealthyToFirst,
    TimeSpan HealthyToLast,
    TimeSpan FirstTenth,
    TimeSpan LastTenth,
    long Requests,
    long Distinct,
    int BodyBytes,
    LoadResult Raw,
    long RawDistinct)
{
    public long Duplicates => Requests - Distinct;

    public double PerSecond => HealthyToLast > TimeSpan.Zero ? Distinct / HealthyToLast.TotalSeconds : 0;
}

internal sealed record NotifyResults(IReadOnlyList<NotifyLatencyCell> Latency, NotifyDrainResults Drain);

/// <summary>
/// Notifications: a receiver in the benchmark's own process stands in for the webhook consumers.
/// First the time from an update's answer to its arrival at each routed destination, with 1 and with
/// 20 webhook channels; then how fast the dispatcher drains a backlog of 10,000 queued messages,
/// beside the rate a plain HttpClient reaches against the same receiver at the same concurrency.
/// SQLite only.
/// </summary>
internal static class NotifyRun
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>The channels' <c>notifications.concurrency</c>: deliveries in flight per channel.</summary>
    public const int ChannelConcurrency = 4;

    public static readonly int[] DestinationCounts = [1, 20];
    public const int LatencyIncidents = 4;
    public const int UpdatesPerSecond = 10;
    public static readonly TimeSpan LatencyDuration = TimeSpan.FromSeconds(20);
    public const int WarmupUpdates = 20;
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(30);

    public const int DrainMessages = 10_000;
    public const int DrainIncidents = 100;
    public const int FillConcurrency = 8;
    public const int RawWarmups = 200;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(10);

    private const string DrainPath = "/drain";
    private const string RawPath = "/raw";

    public static int LatencyUpdates => (int)(UpdatesPerSecond * LatencyDuration.TotalSeconds);

    public static async Task<NotifyResults> RunAsync(Settings settings, Action<string> say, CancellationToken cancellationToken)
    {
        await using var receiver = await NotifyReceiver.StartAsync(cancellationToken);
        say($"notifications: receiver on {receiver.BaseAddress}");
        var cells = new List<NotifyLatencyCell>();
        foreach (var destinations in DestinationCounts)
        {
            var cell = await LatencyAsync(settings, receiver, destinations, cancellationToken);
            cells.Add(cell);
            say($"notifications, {destinations} destination(s): {cell.Received:N0}/{cell.Expected:N0} arrived, p50 {cell.Latency.MedianMs:0.0} ms, p99 {cell.Latency.P99Ms:0.0} ms, max {cell.Latency.MaxMs:0.0} ms; {cell.Duplicates} duplicates");
        }

        var drain = await DrainAsync(settings, receiver, say, cancellationToken);
        say($"notifications drain: {drain.Distinct:N0}/{drain.Messages:N0} distinct in {drain.HealthyToLast.TotalSeconds:0.0} s from /healthz = {drain.PerSecond:0} messages/s; {drain.Duplicates} duplicates; " +
            $"raw HttpClient at concurrency {drain.Concurrency}: {drain.Raw.PerSecond:0}/s; ratio {drain.PerSecond / drain.Raw.PerSecond:0.00}");
        return new NotifyResults(cells, drain);
    }

    private static async Task<NotifyLatencyCell> LatencyAsync(Settings settings, NotifyReceiver receiver, int destinations, CancellationToken cancellationToken)
    {
        var slug = $"notify-{destinations.ToString(CultureInfo.InvariantCulture)}";
        var paths = Enumerable.Range(1, destinations).Select(i => $"/hook/{destinations.ToString(CultureInfo.InvariantCulture)}/{i.ToString(CultureInfo.InvariantCulture)}").ToArray();
        var config = WriteConfig(settings.NewDirectory(slug + "-config"), receiver, paths);
        await using var server = await ServerProcess.StartAsync(
            settings.Cli, settings.NewDirectory(slug + "-server"), null, settings.Token, Path.Combine(settings.Work, slug + "-server.log"), cancellationToken, config);
        using var api = new FirebreakApi(server.BaseAddress, settings.Token);
        var incidents = new long[LatencyIncidents];
        for (var i = 0; i < incidents.Length; i++)
        {
            (incidents[i], _) = await api.DeclareAsync($"Benchmark: notifications to {destinations} {i.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        }

        var pathSet = paths.ToHashSet(StringComparer.Ordinal);

        // Warm-up: the server's delivery path and the receiver see traffic before anything is timed.
        var warm = await PaceAsync(api, incidents, WarmupUpdates, $"warm-up {destinations}", cancellationToken);
        await WaitForAsync(receiver, pathSet, warm, WarmupUpdates * (long)destinations, cancellationToken);

        var acks = await PaceAsync(api, incidents, LatencyUpdates, $"measured {destinations}", cancellationToken);
        var expected = acks.Count * (long)destinations;
        await WaitForAsync(receiver, pathSet, acks, expected, cancellationToken);

        var matched = receiver.Arrivals().Where(a => pathSet.Contains(a.Path) && a.Text is not null && acks.ContainsKey(a.Text)).ToList();
        var firsts = matched.GroupBy(a => (a.Path, a.Text!)).Select(g => (Text: g.Key.Item2, At: g.Min(a => a.At))).ToList();
        var latencies = firsts.Select(f => Math.Max(0, Stopwatch.GetElapsedTime(acks[f.Text], f.At).TotalMilliseconds)).ToList();
        await server.StopAsync();
        return new NotifyLatencyCell(destinations, incidents.Length, acks.Count, expected, firsts.Count, matched.Count - firsts.Count, Summary.Of(latencies));
    }

    /// <summary>Posts <paramref name="count"/> updates at <see cref="UpdatesPerSecond"/>, round-robin over the incidents; returns each text with the timestamp its answer arrived.</summary>
    private static async Task<Dictionary<string, long>> PaceAsync(FirebreakApi api, long[] incidents, int count, string label, CancellationToken cancellationToken)
    {
        var acks = new Dictionary<string, long>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / UpdatesPerSecond);
        for (var n = 0; n < count; n++)
        {
            var due = interval * n;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var text = UpdateText($"{label} #{n.ToString(CultureInfo.InvariantCulture)} {Guid.NewGuid():N}");
            await api.PostUpdateAsync(incidents[n % incidents.Length], text, cancellationToken);
            acks[text] = Stopwatch.GetTimestamp();
        }

        return acks;
    }

    /// <summary>Waits (at most <see cref="DeliveryWait"/>) until every (text, path) pair has arrived.</summary>
    private static async Task WaitForAsync(NotifyReceiver receiver, HashSet<string> paths, Dictionary<string, long> texts, long expected, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < DeliveryWait)
        {
            var arrived = receiver.Arrivals().Where(a => paths.Contains(a.Path) && a.Text is not null && texts.ContainsKey(a.Text)).Select(a => (a.Path, a.Text)).Distinct().LongCount();
            if (arrived >= expected)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<NotifyDrainResults> DrainAsync(Settings settings, NotifyReceiver receiver, Action<string> say, CancellationToken cancellationToken)
    {
        var data = settings.NewDirectory("notify-drain-server");
        var config = WriteConfig(settings.NewDirectory("notify-drain-config"), receiver, [DrainPath]);
        var log = Path.Combine(settings.Work, "notify-drain-server.log");

        // 1. The backlog: the scheduler (and with it the dispatcher) off, so every message stays queued.
        LoadResult fill;
        await using (var off = await ServerProcess.StartAsync(settings.Cli, data, null, settings.Token, log, cancellationToken, config, new Dictionary<string, string> { ["scheduler__enabled"] = "false" }))
        {
            using var api = new FirebreakApi(off.BaseAddress, settings.Token);
            var incidents = new long[DrainIncidents];
            await Load.ForCountAsync(
                FillConcurrency,
                incidents.Length,
                DrainLimit,
                async (_, n, ct) => incidents[n - 1] = (await api.DeclareAsync($"Benchmark: notifications backlog {n.ToString(CultureInfo.InvariantCulture)}", ct)).Id,
                cancellationToken);
            fill = await Load.ForCountAsync(
                FillConcurrency,
                DrainMessages,
                DrainLimit,
                (_, n, ct) => api.PostUpdateAsync(incidents[n % incidents.Length], UpdateText($"backlog #{n.ToString(CultureInfo.InvariantCulture)}"), ct),
                cancellationToken);
            say($"notifications drain: {DrainMessages:N0} updates queued over {DrainIncidents} incidents with the scheduler off, {fill.PerSecond:0} updates/s at concurrency {FillConcurrency}");
            await off.StopAsync();
        }

        var sentWhileOff = receiver.Arrivals().LongCount(a => a.Path == DrainPath);

        // 2. The same data folder, the scheduler on: from its /healthz to the last distinct message.
        TimeSpan startToHealthy, healthyToFirst, healthyToLast, firstTenth, lastTenth;
        long requests, distinct;
        await using (var on = await ServerProcess.StartAsync(settings.Cli, data, null, settings.Token, log, cancellationToken, config))
        {
            var healthy = on.StartedTimestamp + (long)(on.StartToHealthy.TotalSeconds * Stopwatch.Frequency);
            startToHealthy = on.StartToHealthy;
            var waited = Stopwatch.StartNew();
            while (DistinctOn(receiver, DrainPath) < DrainMessages && waited.Elapsed < DrainLimit)
            {
                await Task.Delay(50, cancellationToken);
            }

            // A moment for a late duplicate (a try sent again) to show before the server stops.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await on.StopAsync();
            var arrivals = receiver.Arrivals().Where(a => a.Path == DrainPath).ToList();
            var firsts = arrivals.Where(a => a.Id is not null).GroupBy(a => a.Id!, StringComparer.Ordinal).Select(g => g.Min(a => a.At)).Order().ToList();
            requests = arrivals.Count;
            distinct = firsts.Count;
            healthyToFirst = firsts.Count == 0 ? TimeSpan.Zero : Signed(healthy, firsts.Min());
            healthyToLast = firsts.Count == 0 ? TimeSpan.Zero : Signed(healthy, firsts.Max());
            var tenth = firsts.Count / 10;
            firstTenth = tenth == 0 ? TimeSpan.Zero : Signed(firsts[0], firsts[tenth - 1]);
            lastTenth = tenth == 0 ? TimeSpan.Zero : Signed(firsts[^(tenth + 1)], firsts[^1]);
        }

        // 3. The receiver's own rate: a plain HttpClient posting a real message body, at the channel's concurrency.
        var (body, timestamp, signature) = receiver.Sample(DrainPath) ?? throw new InvalidOperationException("No message reached the receiver; nothing to compare with.");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = ChannelConcurrency, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = receiver.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        async Task PostRawAsync(string path, long n, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", "msg_raw_" + n.ToString("D12", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
            request.Headers.TryAddWithoutValidation("webhook-signature", signature);
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"The receiver answered {(int)response.StatusCode}.");
            }

            _ = await response.Content.ReadAsByteArrayAsync(ct);
        }

        await Load.ForCountAsync(ChannelConcurrency, RawWarmups, DrainLimit, (_, n, ct) => PostRawAsync("/raw-warm-up", n, ct), cancellationToken);
        var raw = await Load.ForCountAsync(ChannelConcurrency, DrainMessages, DrainLimit, (_, n, ct) => PostRawAsync(RawPath, n, ct), cancellationToken);
        var rawDistinct = DistinctOn(receiver, RawPath);
        return new NotifyDrainResults(
            DrainMessages, DrainIncidents, ChannelConcurrency, fill, sentWhileOff, startToHealthy, healthyToFirst, healthyToLast, firstTenth, lastTenth, requests, distinct, body.Length, raw, rawDistinct);
    }

    private static long DistinctOn(NotifyReceiver receiver, string path) => receiver.DistinctIds(path);

    private static TimeSpan Signed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);

    /// <summary>An update of about the length a comms lead writes, carrying a unique token to match it at the receiver.</summary>
    private static string UpdateText(string token) =>
        $"Update {token}: checkout-api error rate back to 0.4% after the rollback; we are watching it and will post again in 30 minutes.";

    /// <summary>firebreak.yaml with one webhook channel per path on the receiver, all routed for update-internal.</summary>
    private static string WriteConfig(string folder, NotifyReceiver receiver, IReadOnlyList<string> paths)
    {
        var secretFile = Path.Combine(folder, "webhook-secret");
        File.WriteAllText(secretFile, Secret);
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"notifications:\n  timeout: 10s\n  concurrency: {ChannelConcurrency}\nchannels:\n");
        var names = new List<string>();
        for (var i = 0; i < paths.Count; i++)
        {
            var name = $"bench-{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            names.Add(name);
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    type: webhook\n    url: {new Uri(receiver.BaseAddress, paths[i].TrimStart('/'))}\n    secretFile: {secretFile}\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"routes:\n  - events: [update-internal]\n    channels: [{string.Join(", ", names)}]\n");
        var path = Path.Combine(folder, "firebreak.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }
}

/// <param name="At">The <see cref="Stopwatch"/> timestamp when the receiver's handler was called (the request's headers had arrived).</param>
/// <param name="Text">The update text from the body's <c>data.text</c>, if any.</param>
internal sealed record Arrival(string Path, string? Id, string? Text, long At);

/// <summary>
/// Kestrel on 127.0.0.1 and a port the OS picks, in the benchmark's process: answers 200 "ok" to every
/// request and records its path, webhook-id, update text and arrival.
/// </summary>
internal sealed class NotifyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, string? Timestamp, string? Signature)> _samples = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _ids = new(StringComparer.Ordinal);

    private NotifyReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<NotifyReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NotifyReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return receiver;
    }

    public IReadOnlyList<Arrival> Arrivals() => [.. _arrivals];

    /// <summary>Distinct webhook-id values received on a path so far.</summary>
    public long DistinctIds(string path) => _ids.TryGetValue(path, out var ids) ? ids.Count : 0;

    /// <summary>The body and signature headers of the last request on a path.</summary>
    public (byte[] Body, string? Timestamp, string? Signature)? Sample(string path) => _samples.TryGetValue(path, out var sample) ? sample : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var at = Stopwatch.GetTimestamp();
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        string? text = null;
        try
        {
            using var json = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                text = t.GetString();
            }
        }
        catch (JsonException)
        {
            // Not a Firebreak message; recorded without a text.
        }

        var path = http.Request.Path.Value ?? "/";
        var headers = http.Request.Headers;
        var id = headers["webhook-id"].FirstOrDefault();
        _arrivals.Enqueue(new Arrival(path, id, text, at));
        if (id is not null)
        {
            _ids.GetOrAdd(path, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal))[id] = true;
        }
        _samples[path] = (body.ToArray(), headers["webhook-timestamp"].FirstOrDefault(), headers["webhook-signature"].FirstOrDefault());
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync("ok", http.RequestAborted);
    }
}
