using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Firebreak.Cli.Tests.Alerts;

/// <summary>
/// The storm: one failure seen by 100,000 instances (one alertname, one service, an instance label each),
/// sent to the real server (SQLite) by 32 concurrent senders in Prometheus's format, <see cref="PerRequest"/>
/// alerts a request (Prometheus itself sends up to 256; one a request keeps a Debug run past two minutes on
/// a small machine, so the test batches, and bench/ measures one a request in Release). It opens one group
/// holding every alert and exactly one incident. The intake latency of the first 10 %, the middle and the
/// last 10 % of requests is printed, never asserted: a growing group must not slow its intake down, and
/// the figures show whether it does.
/// </summary>
public sealed class AlertStormTests(ITestOutputHelper output)
{
    private const int Alerts = 100_000;
    private const int PerRequest = 10;
    private const int Senders = 32;
    private const string AlertName = "CheckoutDown";
    private static readonly string Key = "prom-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Storm_OfOneHundredThousandAlerts_OpensOneGroupAndOneIncident()
    {
        using var data = new TempDirectory();
        var config = Path.Combine(data.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, $$"""
            alerts:
              integrations:
                - name: prometheus
                  source: prometheus
                  keyEnv: FB_TEST_PROM_KEY
                  declare:
                    - match: { alertname: {{AlertName}} }
                      severity: SEV-2
                      status: investigating
            """);
        await using var server = await ServerProcess.StartAsync(data.Path, configFile: config, environment: new Dictionary<string, string?> { ["FB_TEST_PROM_KEY"] = Key });
        using var sender = server.CreateClient(Key);
        using var admin = server.CreateClient();

        const int requests = Alerts / PerRequest;
        var latencies = new double[requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var content = new StringContent(Body(n), Encoding.UTF8, "application/json");
                using var response = await sender.PostAsync("intake/prometheus/api/v2/alerts", content);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Request {n} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{server.Describe()}");
                latencies[n] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })));
        var elapsed = clock.Elapsed;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Alerts:N0} alerts in {requests:N0} requests of {PerRequest} from {Senders} senders: {elapsed.TotalSeconds:0.0} s, {Alerts / elapsed.TotalSeconds:N0} alerts/s"));
        var tenth = requests / 10;
        foreach (var (name, from, to) in new[] { ("first 10 %", 0, tenth), ("middle", tenth, requests - tenth), ("last 10 %", requests - tenth, requests) })
        {
            var window = latencies[from..to].Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-10} requests {from,6}…{to - 1,6}: p50 {Percentile(window, 50),7:0.0} ms, p99 {Percentile(window, 99),7:0.0} ms, max {window[^1],7:0.0} ms"));
        }

        var group = Assert.Single((await GetJsonAsync(admin, "api/v1/alert-groups")).GetProperty("items").EnumerateArray());
        Assert.Equal((Alerts, Alerts, "checkout"), (group.GetProperty("alerts").GetInt32(), group.GetProperty("firing").GetInt32(), group.GetProperty("service").GetString()));
        var id = group.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(Alerts, await CountAlertsAsync(admin, id));

        // The auto-declare runs once for the group's opening; wait for it, then make sure it stays one.
        var wait = Stopwatch.StartNew();
        JsonElement attached;
        while ((attached = await GetJsonAsync(admin, $"api/v1/alert-groups/{id}")).GetProperty("incident").ValueKind == JsonValueKind.Null)
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(60), $"AG-{id} was not attached to an incident.\n{server.Describe()}");
            await Task.Delay(250);
        }

        var incident = Assert.Single((await GetJsonAsync(admin, "api/v1/incidents")).GetProperty("items").EnumerateArray());
        Assert.Equal(attached.GetProperty("incident").GetString(), "INC-" + incident.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(("SEV-2", "investigating"), (incident.GetProperty("severity").GetString(), incident.GetProperty("status").GetString()));
    }

    /// <summary>Every alert of the group, read a page at a time: each fingerprint once.</summary>
    private static async Task<int> CountAlertsAsync(HttpClient admin, string id)
    {
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        string? after = string.Empty;
        while (after is not null)
        {
            var page = await GetJsonAsync(admin, $"api/v1/alert-groups/{id}/alerts?limit=1000&after={Uri.EscapeDataString(after)}");
            foreach (var alert in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(fingerprints.Add(alert.GetProperty("fingerprint").GetString()!), "An alert is listed twice.");
            }

            after = page.GetProperty("nextAfter").GetString();
        }

        return fingerprints.Count;
    }

    private static string Body(int request)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < PerRequest; i++)
        {
            var instance = (request * PerRequest + i).ToString("D6", CultureInfo.InvariantCulture);
            body.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $$$"""{"labels":{"alertname":"{{{AlertName}}}","service":"checkout","instance":"checkout-{{{instance}}}"},"annotations":{"summary":"checkout-{{{instance}}} answers 503"}}""");
        }

        return body.Append(']').ToString();
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
