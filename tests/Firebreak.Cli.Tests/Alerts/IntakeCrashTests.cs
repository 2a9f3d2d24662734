using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Firebreak.Cli.Tests.Alerts;

/// <summary>
/// SIGKILL the real server (SQLite) while 32 senders post alerts to Alertmanager's API path, one alert
/// with labels of its own per request; restart it on the same data folder and check that every alert
/// answered 200 is in its group, read back a page at a time through the API. Every alert has the same
/// alertname and the integration groups by it, so all of them are in one group: the row every intake
/// locks, and the state the projection folds in the append's transaction, both crash with the senders.
/// </summary>
public sealed class IntakeCrashTests(ITestOutputHelper output)
{
    private const int Senders = 32;
    private const int AcksBeforeKill = 400;
    private const string AlertName = "IntakeCrash";
    private static readonly TimeSpan AckDeadline = TimeSpan.FromMinutes(3);
    private static readonly string Key = "prom-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Sigkill_DuringConcurrentIntake_KeepsEveryAlertAnswered200()
    {
        using var data = new TempDirectory();
        var config = Path.Combine(data.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, $"""
            alerts:
              integrations:
                - name: prometheus
                  source: prometheus
                  keyEnv: FB_TEST_PROM_KEY
                  groupBy: [alertname]
                  declare:
                    - match: {"{"} alertname: {AlertName} {"}"}
                      severity: SEV-3
            """);
        var environment = new Dictionary<string, string?> { ["FB_TEST_PROM_KEY"] = Key };
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var server = await ServerProcess.StartAsync(data.Path, configFile: config, environment: environment);
        try
        {
            // Two rounds: the second checks that a recovered database is as durable as a fresh one.
            for (var round = 1; round <= 2; round++)
            {
                await RunUntilKilledAsync(server, round, acknowledged);
                var acked = acknowledged.Count;
                var port = server.Port;
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(data.Path, configFile: config, environment: environment, port: port);
                var stored = await VerifyAsync(server, acknowledged);
                output.WriteLine($"round {round}: {acked} alerts answered 200 so far, {stored} in the group after the restart");
            }

            // The group opened once, before the first kill, so its auto-declare ran (or runs after a restart) once.
            using var admin = server.CreateClient();
            var clock = Stopwatch.StartNew();
            var incidents = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(45) && (incidents = (await GetJsonAsync(admin, "api/v1/incidents")).GetProperty("items").GetArrayLength()) == 0)
            {
                await Task.Delay(250);
            }

            Assert.True(incidents == 1, $"Expected one incident declared for the group, found {incidents}.\n{server.Describe()}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The senders post until enough alerts are answered 200, and the server is killed while they still send.</summary>
    private static async Task RunUntilKilledAsync(ServerProcess server, int round, ConcurrentDictionary<string, bool> acknowledged)
    {
        using var http = server.CreateClient(Key);
        var killed = 0;
        var ackedThisRound = 0;
        var unexpected = new ConcurrentQueue<string>();

        async Task SendAsync(int sender)
        {
            for (var i = 0; ; i++)
            {
                var instance = $"r{round}-s{sender}-{i}";
                try
                {
                    using var content = new StringContent(Body(instance), Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("intake/prometheus/api/v2/alerts", content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            unexpected.Enqueue($"{instance}: {(int)response.StatusCode} {body}");
                        }

                        return;
                    }

                    acknowledged[instance] = true;
                    Interlocked.Increment(ref ackedThisRound);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"{instance}: {e.GetType().Name} {e.Message}");
                    }

                    return;
                }
            }
        }

        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() => SendAsync(s))).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref ackedThisRound) < AcksBeforeKill)
            {
                Assert.True(unexpected.IsEmpty, $"An intake failed before the kill: {string.Join("; ", unexpected.Take(5))}\n{server.Describe()}");
                Assert.True(clock.Elapsed < AckDeadline, $"Only {ackedThisRound} alerts answered 200 in {AckDeadline}.\n{server.Describe()}");
                await Task.Delay(10);
            }

            Assert.True(senders.All(s => !s.IsCompleted), $"Every sender must still be sending at the kill: {string.Join("; ", unexpected.Take(5))}");
        }
        finally
        {
            Volatile.Write(ref killed, 1);
            await server.KillAsync();
            await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.True(unexpected.IsEmpty, $"An intake failed before the kill: {string.Join("; ", unexpected.Take(5))}");
    }

    /// <summary>Checks every alert answered 200 against the group's alerts; returns how many the group holds.</summary>
    private static async Task<int> VerifyAsync(ServerProcess server, ConcurrentDictionary<string, bool> acknowledged)
    {
        using var admin = server.CreateClient();
        var groups = (await GetJsonAsync(admin, "api/v1/alert-groups?status=firing,acknowledged,resolved")).GetProperty("items").EnumerateArray().ToList();
        var group = Assert.Single(groups);
        var id = group.GetProperty("id").GetInt64();
        var instances = await InstancesAsync(admin, id);
        foreach (var instance in acknowledged.Keys)
        {
            Assert.True(instances.Contains(instance), $"The alert {instance} was answered 200 but is not in AG-{id} after the crash ({instances.Count} alerts there).");
        }

        // The folded state and the rows are written in one transaction: they agree after a crash.
        Assert.Equal(instances.Count, group.GetProperty("alerts").GetInt32());
        Assert.Equal(instances.Count, group.GetProperty("firing").GetInt32());

        // The recovered server takes alerts again, into the same group.
        using var sender = server.CreateClient(Key);
        var after = "after-restart-" + Guid.NewGuid().ToString("N");
        using (var content = new StringContent(Body(after), Encoding.UTF8, "application/json"))
        using (var response = await sender.PostAsync("intake/prometheus/api/v2/alerts", content))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Intake after the restart failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        acknowledged[after] = true;
        var again = await GetJsonAsync(admin, $"api/v1/alert-groups/{id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(instances.Count + 1, again.GetProperty("alerts").GetInt32());
        return instances.Count;
    }

    /// <summary>Every alert of the group, a page at a time: their instance labels, each once.</summary>
    private static async Task<HashSet<string>> InstancesAsync(HttpClient admin, long id)
    {
        var instances = new HashSet<string>(StringComparer.Ordinal);
        string? after = string.Empty;
        while (after is not null)
        {
            var page = await GetJsonAsync(admin, $"api/v1/alert-groups/{id.ToString(CultureInfo.InvariantCulture)}/alerts?limit=1000&after={Uri.EscapeDataString(after)}");
            foreach (var alert in page.GetProperty("items").EnumerateArray())
            {
                var instance = alert.GetProperty("labels").GetProperty("instance").GetString()!;
                Assert.True(instances.Add(instance), $"The alert {instance} is listed twice.");
            }

            after = page.GetProperty("nextAfter").GetString();
        }

        return instances;
    }

    private static string Body(string instance) =>
        $$$"""[{"labels":{"alertname":"{{{AlertName}}}","service":"checkout","instance":"{{{instance}}}"},"annotations":{"summary":"checkout on {{{instance}}} is down"}}]""";

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
