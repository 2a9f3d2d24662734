using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Firebreak.Bench;

/// <param name="Layout">"one incident" or "spread".</param>
/// <param name="Subscribers">Open live timelines (Server-Sent Events) while the appends ran; 0 for the baseline.</param>
/// <param name="Expected">Entries that should have reached a subscriber (appends × its incident's subscribers).</param>
/// <param name="Received">Entries that did, within the wait.</param>
/// <param name="CommandsPerSecond">SQL commands the server sent while the appends ran, per second (from /api/v1/admin/stats).</param>
/// <param name="CommandsPerAppend">The same, per append.</param>
internal sealed record LiveCell(string Layout, int Subscribers, int Incidents, int Appends, long Expected, long Received, Summary Latency, double CommandsPerSecond, double CommandsPerAppend);

/// <summary>
/// The live timeline under many open rooms: N Server-Sent-Event streams of signed-in browsers,
/// appends at a steady rate through the API, and for each delivered entry the time from the
/// append's 201 to its arrival on the stream. The server's SQL command count over the same appends,
/// with and without the subscribers, shows whether the database work grows with the rooms.
/// </summary>
internal static class LiveRun
{
    public const int Subscribers = 1_000;

    /// <summary>The server's limit of live timelines per account.</summary>
    public const int StreamsPerAccount = 20;
    public const int SpreadIncidents = 100;
    public const int AppendsPerSecond = 20;
    public const int Appends = 100;
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<LiveCell>> RunAsync(Uri baseAddress, FirebreakApi api, Action<string> say, CancellationToken cancellationToken)
    {
        // The server lets one account hold a bounded number of live timelines, as browsers of many
        // people would: the subscribers are spread over enough viewers, each signed in once.
        var password = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var webs = new WebSession[(Subscribers + StreamsPerAccount - 1) / StreamsPerAccount];
        for (var i = 0; i < webs.Length; i++)
        {
            var name = $"bench-live-{i.ToString(CultureInfo.InvariantCulture)}";
            await api.CreateUserAsync(name, "viewer", password, cancellationToken);
            webs[i] = new WebSession(baseAddress);
            await webs[i].SignInAsync(name, password, cancellationToken);
        }

        using var signedIn = new Disposables(webs);

        var (one, _) = await api.DeclareAsync("Benchmark: live timeline, one incident", cancellationToken);
        var spread = new long[SpreadIncidents];
        for (var i = 0; i < spread.Length; i++)
        {
            (spread[i], _) = await api.DeclareAsync($"Benchmark: live timeline {i.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        }

        var cells = new List<LiveCell>
        {
            await CellAsync("one incident", webs, api, [one], 0, cancellationToken),
            await CellAsync("one incident", webs, api, [one], Subscribers, cancellationToken),
            await CellAsync("spread", webs, api, spread, 0, cancellationToken),
            await CellAsync("spread", webs, api, spread, Subscribers, cancellationToken),
        };
        foreach (var c in cells)
        {
            say($"live timeline, {c.Layout}, {c.Subscribers} subscribers: {c.Received:N0}/{c.Expected:N0} delivered, p50 {c.Latency.MedianMs:0.0} ms, p99 {c.Latency.P99Ms:0.0} ms; {c.CommandsPerSecond:0} SQL commands/s ({c.CommandsPerAppend:0.0} per append)");
        }

        return cells;
    }

    private static async Task<LiveCell> CellAsync(string layout, WebSession[] webs, FirebreakApi api, long[] incidents, int subscribers, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrivals = new ConcurrentQueue<(string Text, long At)>();
        var opened = 0;
        var streams = new List<Task>();
        var versions = new Dictionary<long, long>();
        foreach (var incident in incidents.Take(subscribers))
        {
            versions[incident] = await api.VersionAsync(incident, cancellationToken);
        }

        for (var i = 0; i < subscribers; i++)
        {
            var incident = incidents[i % incidents.Length];
            var from = versions[incident];
            var web = webs[i / StreamsPerAccount];
            streams.Add(Task.Run(() => SubscribeAsync(web, incident, from, arrivals, () => Interlocked.Increment(ref opened), stop.Token), CancellationToken.None));
        }

        var openDeadline = Stopwatch.StartNew();
        while (Volatile.Read(ref opened) < subscribers || (await api.StatsAsync(cancellationToken)).LiveTimelines < subscribers)
        {
            if (openDeadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"Only {opened} of {subscribers} live timelines opened in 2 minutes.");
            }

            await Task.Delay(50, cancellationToken);
        }

        var acks = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var before = await api.StatsAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / AppendsPerSecond);
        for (var n = 0; n < Appends; n++)
        {
            var due = interval * n;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var text = $"live {layout} {subscribers} #{n.ToString(CultureInfo.InvariantCulture)} " + Guid.NewGuid().ToString("N");
            await api.AppendAsync(incidents[n % incidents.Length], text, cancellationToken);
            acks[text] = Stopwatch.GetTimestamp();
        }

        var elapsed = clock.Elapsed;
        var after = await api.StatsAsync(cancellationToken);
        var perIncident = incidents.ToDictionary(i => i, _ => 0L);
        for (var i = 0; i < subscribers; i++)
        {
            perIncident[incidents[i % incidents.Length]]++;
        }

        long expected = 0;
        for (var n = 0; n < Appends; n++)
        {
            expected += perIncident[incidents[n % incidents.Length]];
        }

        var waited = Stopwatch.StartNew();
        while (arrivals.Count(a => acks.ContainsKey(a.Text)) < expected && waited.Elapsed < DeliveryWait)
        {
            await Task.Delay(100, cancellationToken);
        }

        await stop.CancelAsync();
        await Task.WhenAll(streams);

        var latencies = arrivals
            .Where(a => acks.ContainsKey(a.Text))
            .Select(a => Math.Max(0, Stopwatch.GetElapsedTime(acks[a.Text], a.At).TotalMilliseconds))
            .ToList();
        // The stats call itself costs a token lookup at most; both sides of the interval include it.
        var commands = after.DatabaseCommands - before.DatabaseCommands;
        return new LiveCell(layout, subscribers, incidents.Length, Appends, expected, latencies.Count, Summary.Of(latencies), commands / elapsed.TotalSeconds, commands / (double)Appends);
    }

    private static async Task SubscribeAsync(WebSession web, long incident, long after, ConcurrentQueue<(string, long)> arrivals, Action opened, CancellationToken stop)
    {
        try
        {
            using var response = await web.OpenStreamAsync($"incidents/{incident.ToString(CultureInfo.InvariantCulture)}/live?after={after.ToString(CultureInfo.InvariantCulture)}", stop);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /incidents/{incident}/live answered {(int)response.StatusCode}.");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            opened();
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var at = Stopwatch.GetTimestamp();
                    using var json = JsonDocument.Parse(line.AsMemory(6));
                    arrivals.Enqueue((json.RootElement.GetProperty("text").GetString()!, at));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The cell is over.
        }
        catch (IOException) when (stop.IsCancellationRequested)
        {
            // The cell is over.
        }
    }
}

/// <summary>Disposes the signed-in sessions when the run ends.</summary>
internal sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
