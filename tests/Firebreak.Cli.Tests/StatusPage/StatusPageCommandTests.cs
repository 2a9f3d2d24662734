using System.Net.Http;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Cli.Tests.Notifications;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests.StatusPage;

/// <summary>
/// The real executable against a real server with status page components: an incident's impact
/// stated at declare and later, a component set by hand and corrected, maintenance scheduled, moved
/// on and called off, and webhook subscribers added, listed, exported and removed; the public JSON
/// shows each change.
/// </summary>
public sealed class StatusPageCommandTests
{
    private const string Config = """
        services:
          - name: checkout
          - name: search
        statusPage:
          name: Acme Status
          components:
            - name: API
              services: [checkout]
            - name: Search
              services: [search]
          subscribers:
            webhooks: true
        """;

    [Fact]
    public async Task Impact_AtDeclareAndLater_ShowsOnThePublicJson_AndBadPairsAreRefused()
    {
        await using var setup = await StartAsync();
        var (server, cli) = (setup.Server, setup.Cli);

        var declared = (await cli.RunAsync("declare", "Checkout failing", "--sev", "SEV-2", "--service", "checkout", "--component", "API=partial_outage", "--json")).Succeeded().Json();
        Assert.Equal("partial_outage", declared.GetProperty("componentImpact").GetProperty("API").GetString());
        var key = declared.GetProperty("key").GetString()!;
        (await cli.RunAsync("update", key, "We are looking into failed payments", "--public")).Succeeded();
        await EventuallyAsync(server, "API", "partial_outage");

        var stated = (await cli.RunAsync("impact", key, "API=major_outage", "search=degraded_performance")).Succeeded().StdOut;
        Assert.Contains("Status page: API major outage, Search degraded performance", stated, StringComparison.Ordinal);
        await EventuallyAsync(server, "API", "major_outage");
        await EventuallyAsync(server, "Search", "degraded_performance");

        var usage = (await cli.RunAsync("impact", key, "API")).Failed();
        Assert.Contains("'API' is not COMPONENT=STATUS", usage.StdErr, StringComparison.Ordinal);
        var unknown = (await cli.RunAsync("impact", key, "Payments=major_outage")).Failed();
        Assert.StartsWith("error: 400 There is no component 'Payments'; the components are API, Search.", unknown.StdErr, StringComparison.Ordinal);
        var maintenance = (await cli.RunAsync("impact", key, "API=under_maintenance")).Failed();
        Assert.Contains("is not an impact for API", maintenance.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Component_SetByHand_ListedWithItsReason_ThenAutomatic_AndCorrected()
    {
        await using var setup = await StartAsync();
        var (server, cli) = (setup.Server, setup.Cli);

        var set = (await cli.RunAsync("component", "set", "Search", "major_outage", "-r", "index rebuild went wrong")).Succeeded().StdOut;
        Assert.Contains("Search is set to major_outage by hand", set, StringComparison.Ordinal);
        await EventuallyAsync(server, "Search", "major_outage");
        var list = (await cli.RunAsync("component", "list")).Succeeded().StdOut;
        Assert.Matches(@"Search\s+major_outage\s+.*set by hand by admin: index rebuild went wrong", list);

        var noReason = (await cli.RunAsync("component", "set", "Search", "operational")).Failed();
        Assert.StartsWith("error: 400 Say why the status is set by hand", noReason.StdErr, StringComparison.Ordinal);
        (await cli.RunAsync("component", "set", "Search", "automatic", "-r", "fixed")).Succeeded();
        await EventuallyAsync(server, "Search", "operational");

        var corrected = (await cli.RunAsync("component", "correct", "Search", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T01:00:00Z", "--status", "operational", "-r", "probe misfired")).Succeeded().StdOut;
        Assert.Contains("Corrected the uptime history of Search (1 correction in all).", corrected, StringComparison.Ordinal);
        var backwards = (await cli.RunAsync("component", "correct", "Search", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z", "--status", "operational", "-r", "x")).Failed();
        Assert.StartsWith("error: 400 'to'", backwards.StdErr, StringComparison.Ordinal);
        var audit = (await cli.RunAsync("audit", "--json")).Succeeded().StdOut;
        Assert.Contains("component-status-set", audit, StringComparison.Ordinal);
        Assert.Contains("uptime-corrected", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maintenance_Scheduled_MovedOnByHand_AndCancelled_ShowsOnThePublicJson()
    {
        await using var setup = await StartAsync();
        var (server, cli) = (setup.Server, setup.Cli);

        var scheduled = (await cli.RunAsync("maintenance", "schedule", "Database upgrade", "--component", "API", "--starts", "2099-01-01T02:00:00Z", "--ends", "2099-01-01T03:00:00Z", "-m", "Writes pause briefly.")).Succeeded().StdOut;
        Assert.Contains("Scheduled MNT-1.", scheduled, StringComparison.Ordinal);
        Assert.Contains("Next: in_progress, verifying, completed", scheduled, StringComparison.Ordinal);
        await EventuallyJsonAsync(server, "/api/v2/scheduled-maintenances/upcoming.json", json => json.Contains("\"scheduled_for\":\"2099-01-01T02:00:00.000Z\"", StringComparison.Ordinal));

        var started = (await cli.RunAsync("maintenance", "progress", "MNT-1", "in_progress", "-m", "Starting early")).Succeeded().StdOut;
        Assert.Matches(@"MNT-1\s+in_progress", started);
        await EventuallyAsync(server, "API", "under_maintenance");
        var backwards = (await cli.RunAsync("maintenance", "progress", "MNT-1", "in_progress")).Failed();
        Assert.StartsWith("error: 400 MNT-1 is in_progress already", backwards.StdErr, StringComparison.Ordinal);

        Assert.StartsWith("error: 400 Say why the maintenance is called off", (await cli.RunAsync("maintenance", "cancel", "MNT-1")).Failed().StdErr, StringComparison.Ordinal);
        (await cli.RunAsync("maintenance", "cancel", "MNT-1", "-r", "the vendor postponed")).Succeeded();
        await EventuallyAsync(server, "API", "operational");
        var list = (await cli.RunAsync("maintenance", "list")).Succeeded().StdOut;
        Assert.Matches(@"MNT-1\s+cancelled\s+", list);
        Assert.StartsWith("error: 404", (await cli.RunAsync("maintenance", "show", "MNT-9")).Failed().StdErr, StringComparison.Ordinal);
        var bad = (await cli.RunAsync("maintenance", "schedule", "Bad", "--component", "Nope", "--starts", "2099-01-01T02:00:00Z", "--ends", "2099-01-01T03:00:00Z", "-m", "x")).Failed();
        Assert.StartsWith("error: 400 There is no component 'Nope'", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriber_WebhookAdded_GetsAPublicUpdate_ThenListedExportedAndRemoved()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var setup = await StartAsync();
        var cli = setup.Cli;

        var added = (await cli.RunAsync("subscriber", "add", "webhook", receiver.Url + "/status-hook", "--component", "API")).Succeeded().StdOut;
        Assert.Matches(@"Subscriber 1 added: .*/status-hook\.", added);
        Assert.Matches(@"whsec_[A-Za-z0-9+/=]{40,}", added);

        var declared = (await cli.RunAsync("declare", "Checkout failing", "--sev", "SEV-1", "--service", "checkout", "--json")).Succeeded().Json();
        var key = declared.GetProperty("key").GetString()!;
        (await cli.RunAsync("update", key, "Payments fail for some cards", "--public")).Succeeded();
        (await cli.RunAsync("update", key, "internal: suspect the new gateway")).Succeeded();
        await NotifyingConfig.EventuallyAsync(() => receiver.Accepted.Count == 1, "the subscriber got the public update");
        var body = JsonDocument.Parse(receiver.Requests.Single().Body).RootElement;
        Assert.Equal("incident.updated", body.GetProperty("type").GetString());
        Assert.Equal("Payments fail for some cards", body.GetProperty("incident").GetProperty("body").GetString());
        Assert.NotNull(receiver.Requests[0].Header("webhook-signature"));

        var list = (await cli.RunAsync("subscriber", "list")).Succeeded().StdOut;
        Assert.Matches(@"1\s+webhook\s+http://127\.0\.0\.1:\d+/status-hook\s+API\s+confirmed", list);
        var csv = (await cli.RunAsync("subscriber", "export")).Succeeded().StdOut;
        Assert.StartsWith("id,kind,address,components,confirmed_at,created_at", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", csv, StringComparison.Ordinal);
        Assert.StartsWith("error: 400", (await cli.RunAsync("subscriber", "add", "webhook", "not a url")).Failed().StdErr, StringComparison.Ordinal);

        Assert.Contains("Subscriber 1 is removed.", (await cli.RunAsync("subscriber", "remove", "1")).Succeeded().StdOut, StringComparison.Ordinal);
        Assert.Equal("Nobody subscribes yet.", (await cli.RunAsync("subscriber", "list")).Succeeded().StdOut.Trim());
        Assert.StartsWith("error: 404", (await cli.RunAsync("subscriber", "remove", "1")).Failed().StdErr, StringComparison.Ordinal);
    }

    private static async Task<Setup> StartAsync()
    {
        var folder = new TempDirectory();
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, Config);
        var server = await ServerProcess.StartAsync(configFile: config);
        var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        return new Setup(folder, server, cli);
    }

    // The public JSON is a snapshot rebuilt shortly after a commit: wait for it to say what is expected.
    private static Task EventuallyAsync(ServerProcess server, string component, string status) =>
        EventuallyJsonAsync(server, "/api/v2/components.json", json =>
            JsonDocument.Parse(json).RootElement.GetProperty("components").EnumerateArray()
                .Any(c => c.GetProperty("name").GetString() == component && c.GetProperty("status").GetString() == status));

    private static async Task EventuallyJsonAsync(ServerProcess server, string path, Func<string, bool> holds)
    {
        using var http = new HttpClient();
        var last = string.Empty;
        for (var i = 0; i < 100; i++)
        {
            var answer = await http.GetAsync(server.Url + path);
            last = await answer.Content.ReadAsStringAsync();
            if (answer.IsSuccessStatusCode && holds(last))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{path} never showed what was expected; it last said: {last}");
    }

    private sealed record Setup(TempDirectory Folder, ServerProcess Server, CliRunner Cli) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Cli.Dispose();
            await Server.DisposeAsync();
            Folder.Dispose();
        }
    }
}
