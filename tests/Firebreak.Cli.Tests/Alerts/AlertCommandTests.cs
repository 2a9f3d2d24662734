using System.Net.Http.Headers;
using System.Text;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Alerts;

/// <summary>`firebreak alerts` and `firebreak alert show|ack|resolve|silence`: the real executable against a real server taking Alertmanager's webhook.</summary>
public sealed class AlertCommandTests
{
    private static readonly string Key = "am-" + Guid.NewGuid().ToString("N");

    private static StringContent Notification(string status, string instance) => new($$"""
        {"version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","status":"{{status}}","receiver":"firebreak","truncatedAlerts":0,
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","service":"storage"},"commonAnnotations":{},"externalURL":"",
         "alerts":[{"status":"{{status}}","labels":{"alertname":"DiskFull","service":"storage","instance":"{{instance}}"},"annotations":{"summary":"Disk almost full"},
                    "startsAt":"2026-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"fp-{{instance}}"}]}
        """, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Alerts_ListsWhatFires_Show_Ack_Silence_Resolve_AndABadOneIsClear()
    {
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, "alerts:\n  integrations:\n    - name: am\n      source: alertmanager\n      keyEnv: FB_CLI_AM_KEY\n");
        await using var server = await ServerProcess.StartAsync(configFile: config, environment: new Dictionary<string, string?> { ["FB_CLI_AM_KEY"] = Key });
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        Assert.Contains("No alert groups that are firing or acknowledged", (await cli.RunAsync("alerts")).Succeeded().StdOut, StringComparison.Ordinal);

        using (var sender = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            sender.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            Assert.True((await sender.PostAsync("/intake/alertmanager", Notification("firing", "db1"))).IsSuccessStatusCode);
        }

        var listed = (await cli.RunAsync("alerts")).Succeeded().StdOut;
        Assert.Matches(@"AG-1\s+firing\s+1 firing\s+storage\s+-\s+Disk almost full", listed);
        var shown = (await cli.RunAsync("alert", "show", "AG-1")).Succeeded().StdOut;
        Assert.Contains("integration am, service storage, incident none", shown, StringComparison.Ordinal);
        Assert.Contains("firing    fp-db1", shown, StringComparison.Ordinal);
        Assert.Contains("labels: alertname=DiskFull, instance=db1, service=storage", shown, StringComparison.Ordinal);

        Assert.Contains("AG-1 is acknowledged.", (await cli.RunAsync("alert", "ack", "AG-1", "-r", "on it")).Succeeded().StdOut, StringComparison.Ordinal);
        var refused = (await cli.RunAsync("alert", "silence", "AG-1", "--for", "forever", "-r", "noisy")).Failed();
        Assert.StartsWith("error: 400", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("30m, 2h or 1d", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("AG-1 is silenced until", (await cli.RunAsync("alert", "silence", "1", "--for", "2h", "-r", "disk swap tonight")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Contains("AG-1 is resolved.", (await cli.RunAsync("alert", "resolve", "AG-1")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Contains("No alert groups that are firing or acknowledged", (await cli.RunAsync("alerts")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Matches(@"AG-1\s+resolved", (await cli.RunAsync("alerts", "--all")).Succeeded().StdOut);
        Assert.StartsWith("error: 404", (await cli.RunAsync("alert", "show", "AG-7")).Failed().StdErr, StringComparison.Ordinal);
        Assert.Equal("resolved", (await cli.RunAsync("alert", "show", "AG-1", "--json")).Succeeded().Json().GetProperty("status").GetString());

        var review = (await cli.RunAsync("alert", "review")).Succeeded().StdOut;
        Assert.Matches(@"am/DiskFull\s+1 groups\s+1 fired\s+0 incidents\s+1 acked\s+0 without action", review);
        Assert.Contains("am/DiskFull: actionable.", (await cli.RunAsync("alert", "mark", "am/DiskFull", "--verdict", "actionable", "--note", "pages the storage team")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Contains("[actionable by admin: pages the storage team]", (await cli.RunAsync("alert", "review")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.StartsWith("error: 400", (await cli.RunAsync("alert", "review", "--month", "May")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integration_AddPrintsTheKeyOnce_ListShowsItWithout_RotateAndRemove()
    {
        await using var server = await ServerProcess.StartAsync();
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        Assert.Contains("No integrations", (await cli.RunAsync("integration", "list")).Succeeded().StdOut, StringComparison.Ordinal);

        var made = (await cli.RunAsync("integration", "add", "pd-senders", "--source", "pagerduty", "--service", "checkout", "--declare", "SEV-2:investigating@severity=critical")).Succeeded().StdOut;
        Assert.Contains("only time the key is shown", made, StringComparison.Ordinal);
        var key = System.Text.RegularExpressions.Regex.Match(made, "key +([0-9a-f]{32})").Groups[1].Value;
        Assert.Equal(32, key.Length);
        Assert.Contains("endpoint /v2/enqueue", made, StringComparison.Ordinal);

        var listed = (await cli.RunAsync("integration", "list")).Succeeded().StdOut;
        Assert.Matches($@"pd-senders\s+pagerduty\s+/v2/enqueue\s+key …{key[^4..]}\s+service checkout", listed);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        var json = (await cli.RunAsync("integration", "list", "--json")).Succeeded().Json();
        Assert.Equal("SEV-2", json.GetProperty("items")[0].GetProperty("declare")[0].GetProperty("severity").GetString());

        using (var http = new HttpClient { BaseAddress = new Uri(server.Url) })
        {
            var trigger = new StringContent("{\"routing_key\":\"" + key + "\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"critical\"}}", Encoding.UTF8, "application/json");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.PostAsync("/v2/enqueue", trigger)).StatusCode);
        }

        var rotated = (await cli.RunAsync("integration", "rotate", "pd-senders")).Succeeded().StdOut;
        Assert.DoesNotContain(key, rotated, StringComparison.Ordinal);
        Assert.Contains("Removed the integration 'pd-senders'.", (await cli.RunAsync("integration", "remove", "pd-senders")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.StartsWith("error: 404", (await cli.RunAsync("integration", "remove", "pd-senders")).Failed().StdErr, StringComparison.Ordinal);
        Assert.StartsWith("error: 400", (await cli.RunAsync("integration", "add", "x", "--source", "nagios")).Failed().StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, (await cli.RunAsync("integration", "add", "x", "--source", "grafana", "--declare", "SEV-2@severity")).ExitCode);
    }

    [Fact]
    public async Task Probes_ShowsTheServersProbes_UpOrDown_AndOneWithItsRuns()
    {
        await using var service = await Firebreak.Testing.RecordingReceiver.StartAsync();
        using var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, $"services:\n  - name: checkout\n    probes:\n      - name: checkout-health\n        url: {service.Url}/healthz\n        interval: 10s\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();

        var listed = string.Empty;
        for (var i = 0; i < 100 && !listed.Contains(" up ", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            listed = (await cli.RunAsync("probes")).Succeeded().StdOut;
        }

        Assert.Matches(@"checkout-health\s+up\s+checkout\s+100 %\s+HTTP 200 in \d+ ms", listed);
        var one = (await cli.RunAsync("probes", "checkout-health")).Succeeded().StdOut;
        Assert.Contains($"checkout-health  up  {service.Url}/healthz (every 10 s, service checkout)", one, StringComparison.Ordinal);
        Assert.Matches(@"\n  \S+ \S+  pass\s+\d+ ms  HTTP 200", one);
        Assert.StartsWith("error: 404", (await cli.RunAsync("probes", "nope")).Failed().StdErr, StringComparison.Ordinal);
    }
}
