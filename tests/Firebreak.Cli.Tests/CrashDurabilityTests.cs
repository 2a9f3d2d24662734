using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Firebreak.Cli.Tests;

/// <summary>
/// SIGKILL the real server (SQLite) while concurrent clients write — so that their appends share
/// grouped commits, with stale writes refused inside the same groups — restart it on the same data
/// folder, and check that every write the server acknowledged is there and that every incident's
/// versions run 1..N without a gap.
/// </summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int Writers = 16;
    private const int AcksBeforeKill = 300;
    private static readonly TimeSpan AckDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Sigkill_DuringConcurrentAppends_KeepsEveryAcknowledgedEntry()
    {
        using var data = new TempDirectory();
        var acknowledged = new ConcurrentBag<Ack>();
        var declared = new ConcurrentDictionary<long, string>();
        var server = await ServerProcess.StartAsync(data.Path);
        try
        {
            long[] targets;
            using (var http = server.CreateClient())
            {
                targets = [await DeclareAsync(http, "crash target A", declared), await DeclareAsync(http, "crash target B", declared), await DeclareAsync(http, "crash target C", declared)];
            }

            // Two rounds: the second checks that a recovered database is as durable as a fresh one.
            for (var round = 1; round <= 2; round++)
            {
                var crashed = await RunUntilKilledAsync(server, round, targets, acknowledged, declared);
                var acked = acknowledged.Count;
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(data.Path);
                var stored = await VerifyAsync(server, acknowledged, declared, crashed);
                output.WriteLine($"round {round}: {acked} entries acknowledged before the kill, {stored} found after the restart; {declared.Count} incidents declared");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// Writers append in a loop; once enough writes are acknowledged, one more incident is declared
    /// and the server is killed while the writers are still going. Returns the incident declared last.
    /// </summary>
    private static async Task<long> RunUntilKilledAsync(
        ServerProcess server, int round, long[] targets, ConcurrentBag<Ack> acknowledged, ConcurrentDictionary<long, string> declared)
    {
        using var http = server.CreateClient();
        var killed = 0;
        var ackedThisRound = 0;
        var unexpected = new ConcurrentQueue<string>();

        async Task WriteAsync(int writer)
        {
            for (var i = 0; ; i++)
            {
                var incident = targets[(writer + i) % targets.Length];
                var text = $"r{round}-w{writer}-{i}";
                try
                {
                    using var response = await http.PostAsJsonAsync($"api/v1/incidents/{incident}/timeline", new { kind = "note", text });
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            unexpected.Enqueue($"{text}: {(int)response.StatusCode} {body}");
                        }

                        return;
                    }

                    using var json = JsonDocument.Parse(body);
                    acknowledged.Add(new Ack(incident, json.RootElement.GetProperty("version").GetInt64(), text));
                    Interlocked.Increment(ref ackedThisRound);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"{text}: {e.GetType().Name} {e.Message}");
                    }

                    return;
                }
            }
        }

        // Declarations race the appends too: each one creates a new stream in the same database.
        async Task DeclareLoopAsync()
        {
            for (var i = 0; ; i++)
            {
                var title = $"r{round}-declared-{i}";
                try
                {
                    using var response = await http.PostAsJsonAsync("api/v1/incidents", new { title, severity = "SEV-4" });
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            unexpected.Enqueue($"{title}: {(int)response.StatusCode} {body}");
                        }

                        return;
                    }

                    using var json = JsonDocument.Parse(body);
                    declared[json.RootElement.GetProperty("id").GetInt64()] = title;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"{title}: {e.GetType().Name} {e.Message}");
                    }

                    return;
                }
            }
        }

        // A writer whose If-Match is always stale: each of its appends fails alone, inside groups that commit.
        async Task StaleLoopAsync()
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/incidents/{targets[0]}/timeline") { Content = JsonContent.Create(new { kind = "note", text = $"stale {i}" }) };
                    request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                    using var response = await http.SendAsync(request);
                    if ((int)response.StatusCode != 412 && Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"stale {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"stale {i}: {e.GetType().Name} {e.Message}");
                    }

                    return;
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w)))
            .Append(Task.Run(DeclareLoopAsync))
            .Append(Task.Run(StaleLoopAsync))
            .ToList();
        long last;
        try
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref ackedThisRound) < AcksBeforeKill)
            {
                Assert.True(unexpected.IsEmpty, $"A write failed before the kill: {string.Join("; ", unexpected)}\n{server.Describe()}");
                Assert.True(clock.Elapsed < AckDeadline, $"Only {ackedThisRound} writes acknowledged in {AckDeadline}.\n{server.Describe()}");
                await Task.Delay(20);
            }

            last = await DeclareAsync(http, $"declared right before the kill, round {round}", declared);
            Assert.True(writers.All(w => !w.IsCompleted), $"Every writer must still be running at the kill: {string.Join("; ", unexpected)}");
        }
        finally
        {
            Volatile.Write(ref killed, 1);
            await server.KillAsync();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.True(unexpected.IsEmpty, $"A write failed before the kill: {string.Join("; ", unexpected)}");
        return last;
    }

    /// <summary>Checks every acknowledged write; returns how many written entries the timelines hold.</summary>
    private static async Task<int> VerifyAsync(ServerProcess server, ConcurrentBag<Ack> acknowledged, ConcurrentDictionary<long, string> declared, long lastDeclared)
    {
        using var http = server.CreateClient();
        var acks = acknowledged.ToLookup(a => a.Incident);
        var stored = 0;
        Assert.Contains(lastDeclared, declared.Keys);
        foreach (var (id, title) in declared)
        {
            using var response = await http.GetAsync($"api/v1/incidents/{id}");
            Assert.True(response.IsSuccessStatusCode, $"INC-{id} ('{title}') was acknowledged but is gone after the crash: {(int)response.StatusCode}.");
            var incident = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(title, incident.GetProperty("title").GetString());
            var version = incident.GetProperty("version").GetInt64();

            var timeline = await TimelineAsync(http, id);
            Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), timeline.Select(t => t.Version));
            Assert.Equal("declared", timeline[0].Kind);
            Assert.Equal($"Declared SEV-4: {title}", timeline[0].Text);

            var byVersion = timeline.ToDictionary(t => t.Version);
            foreach (var ack in acks[id])
            {
                Assert.True(byVersion.TryGetValue(ack.Version, out var item), $"Acknowledged entry '{ack.Text}' (INC-{id} #{ack.Version}) is missing after the crash.");
                Assert.Equal(("note", ack.Text), (item.Kind, item.Text));
            }

            Assert.DoesNotContain(timeline, t => t.Text.StartsWith("stale ", StringComparison.Ordinal));
            var notes = timeline.Where(t => t.Kind == "note").Select(t => t.Text).ToList();
            Assert.Equal(notes.Count, notes.Distinct(StringComparer.Ordinal).Count());
            stored += notes.Count;
        }

        // The recovered server takes writes again, continuing each stream where it stopped.
        foreach (var id in acks.Select(g => g.Key))
        {
            var before = (await TimelineAsync(http, id)).Count;
            var text = $"after restart {Guid.NewGuid():N}";
            using var response = await http.PostAsJsonAsync($"api/v1/incidents/{id}/timeline", new { kind = "note", text });
            Assert.True(response.IsSuccessStatusCode, $"Append after the restart failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var entry = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(before + 1, entry.GetProperty("version").GetInt64());
            acknowledged.Add(new Ack(id, before + 1, text));
        }

        return stored;
    }

    private static async Task<long> DeclareAsync(HttpClient http, string title, ConcurrentDictionary<long, string> declared)
    {
        using var response = await http.PostAsJsonAsync("api/v1/incidents", new { title, severity = "SEV-4" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Declare failed: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetInt64();
        declared[id] = title;
        return id;
    }

    private static async Task<List<Item>> TimelineAsync(HttpClient http, long id)
    {
        var items = new List<Item>();
        long? after = 0;
        while (after is { } cursor)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}/timeline?after={cursor.ToString(CultureInfo.InvariantCulture)}&limit=10000");
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => new Item(
                i.GetProperty("version").GetInt64(), i.GetProperty("kind").GetString()!, i.GetProperty("text").GetString()!)));
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
        }

        return items;
    }

    private sealed record Ack(long Incident, long Version, string Text);

    private sealed record Item(long Version, string Kind, string Text);
}
