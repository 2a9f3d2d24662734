using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Alerts;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager, started here) with a webhook receiver
/// and a PagerDuty receiver pointed at a real firebreak serve: alerts posted to Alertmanager arrive as one
/// group per Alertmanager group, open one incident by the auto-declare rule, and resolve when they resolve.
/// </summary>
public sealed class RealAlertmanagerTests : IAsyncLifetime
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private static readonly string WebhookKey = "am-" + Guid.NewGuid().ToString("N");
    private static readonly string RoutingKey = Guid.NewGuid().ToString("N");

    private readonly string _dir = Firebreak.Testing.TestDatabases.TempDirectory();
    private ServerProcess? _firebreak;
    private Process? _alertmanager;
    private int _alertmanagerPort;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
        {
            return;
        }

        var config = Path.Combine(_dir, "firebreak.yaml");
        await File.WriteAllTextAsync(config, """
            alerts:
              integrations:
                - name: alertmanager
                  source: alertmanager
                  keyEnv: FB_TEST_AM_KEY
                  declare:
                    - match: { service: checkout }
                      severity: SEV-2
                      status: investigating
                - name: alertmanager-pd
                  source: pagerduty
                  keyEnv: FB_TEST_PD_KEY
                  service: storage
            """);
        _firebreak = await ServerProcess.StartAsync(configFile: config, environment: new Dictionary<string, string?> { ["FB_TEST_AM_KEY"] = WebhookKey, ["FB_TEST_PD_KEY"] = RoutingKey });

        _alertmanagerPort = FreePort.Next();
        var amConfig = Path.Combine(_dir, "alertmanager.yml");
        await File.WriteAllTextAsync(amConfig, $"""
            route:
              receiver: firebreak
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
              routes:
                - matchers: ['severity="page"']
                  receiver: firebreak-pd
            receivers:
              - name: firebreak
                webhook_configs:
                  - url: {_firebreak.Url}/intake/alertmanager
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: {WebhookKey}
              - name: firebreak-pd
                pagerduty_configs:
                  - url: {_firebreak.Url}/v2/enqueue
                    routing_key: {RoutingKey}
                    send_resolved: true
            """);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList =
            {
                "--config.file=" + amConfig,
                "--storage.path=" + Path.Combine(_dir, "am-data"),
                $"--web.listen-address=127.0.0.1:{_alertmanagerPort}",
                "--cluster.listen-address=",
                "--log.level=warn",
            },
        };
        _alertmanager = Process.Start(start)!;
        _alertmanager.BeginErrorReadLine();
        _alertmanager.BeginOutputReadLine();
        using var probe = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{_alertmanagerPort}/-/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("Alertmanager did not become ready.");
    }

    public async Task DisposeAsync()
    {
        if (_alertmanager is { HasExited: false })
        {
            _alertmanager.Kill(entireProcessTree: true);
            await _alertmanager.WaitForExitAsync();
        }

        _alertmanager?.Dispose();
        if (_firebreak is not null)
        {
            await _firebreak.DisposeAsync();
        }

        TempDirectory.Delete(_dir);
    }

    private async Task PostToAlertmanagerAsync(DateTimeOffset? endsAt)
    {
        using var client = new HttpClient();
        var alerts = Enumerable.Range(1, 3)
            .Select(i => (object)new { labels = new { alertname = "HighErrorRate", service = "checkout", instance = $"checkout-{i}" }, annotations = new { summary = "checkout 5xx above 5%" }, endsAt })
            .Append(new { labels = new { alertname = "DiskFull", service = "storage", severity = "page", instance = "db1" }, annotations = new { summary = "db1 disk 97% full" }, endsAt })
            .ToList();
        var response = await client.PostAsJsonAsync($"http://127.0.0.1:{_alertmanagerPort}/api/v2/alerts", alerts);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> WaitForAsync(HttpClient admin, string url, Func<JsonElement, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(45))
        {
            last = JsonDocument.Parse(await admin.GetStringAsync(url)).RootElement;
            if (done(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for {what}: {last}\nfirebreak: {_firebreak!.Describe()}");
        return last;
    }

    [SkippableFact]
    public async Task AlertsPostedToAlertmanager_ArriveAsItsGroups_OpenOneIncident_AndResolveWhenTheyResolve()
    {
        Skip.IfNot(File.Exists(Binary), $"{Binary} is not installed (test.sh installs the Debian package prometheus-alertmanager)");
        using var admin = _firebreak!.CreateClient(ServerProcess.DefaultAdminToken);

        await PostToAlertmanagerAsync(null);
        var groups = await WaitForAsync(admin, "api/v1/alert-groups", g => g.GetProperty("items").EnumerateArray().Count(x => x.GetProperty("firing").GetInt32() > 0) == 2, "two firing groups");
        var items = groups.GetProperty("items").EnumerateArray().ToList();
        var webhook = Assert.Single(items, g => g.GetProperty("integration").GetString() == "alertmanager");
        Assert.Equal((3, "checkout"), (webhook.GetProperty("firing").GetInt32(), webhook.GetProperty("service").GetString()));
        var paged = Assert.Single(items, g => g.GetProperty("integration").GetString() == "alertmanager-pd");
        Assert.Equal((1, "storage"), (paged.GetProperty("firing").GetInt32(), paged.GetProperty("service").GetString()));

        var incidents = await WaitForAsync(admin, "api/v1/incidents", i => i.GetProperty("items").GetArrayLength() > 0, "the declared incident");
        var incident = Assert.Single(incidents.GetProperty("items").EnumerateArray());
        Assert.Equal(("SEV-2", "investigating"), (incident.GetProperty("severity").GetString(), incident.GetProperty("status").GetString()));

        await PostToAlertmanagerAsync(TimeProvider.System.GetUtcNow().AddSeconds(-1));
        await WaitForAsync(admin, "api/v1/alert-groups?status=firing,acknowledged", g => g.GetProperty("items").GetArrayLength() == 0, "both groups resolved");
        var resolved = JsonDocument.Parse(await admin.GetStringAsync("api/v1/alert-groups")).RootElement.GetProperty("items");
        Assert.Equal(2, resolved.GetArrayLength());
        Assert.All(resolved.EnumerateArray(), g => Assert.Equal("resolved", g.GetProperty("status").GetString()));
        Assert.Single(JsonDocument.Parse(await admin.GetStringAsync("api/v1/incidents")).RootElement.GetProperty("items").EnumerateArray());
    }
}
