using System.Net.Http.Json;
using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;
using Xunit.Abstractions;

namespace Firebreak.Cli.Tests.Notifications;

/// <summary>
/// SIGKILL the real server again and again while its dispatcher is sending (claims taken, requests
/// in flight, tries not yet recorded). After the last restart every message the events called for
/// reaches the receiver; a receiver that de-duplicates on webhook-id sees each exactly once.
/// </summary>
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Incidents = 6;
    private const int UpdatesEach = 8;

    [Fact]
    public async Task Sigkill_BetweenClaimAndSend_LosesNothing_AndTheKeysMakeItExactlyOnce()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        // Slow enough that kills land while requests are in flight and their tries unrecorded.
        receiver.Answer = _ => new ReceiverAnswer(Delay: TimeSpan.FromMilliseconds(40));
        using var folder = new TempDirectory();
        using var data = new TempDirectory();
        var config = NotifyingConfig.Write(folder, [("ops", receiver.Url)], "routes:\n  - events: [declared, update-internal]\n    channels: [ops]\n");
        var server = await ServerProcess.StartAsync(data.Path, configFile: config);
        var port = server.Port;
        try
        {
            using (var http = server.CreateClient())
            {
                for (var i = 1; i <= Incidents; i++)
                {
                    (await http.PostAsJsonAsync("api/v1/incidents", new { title = $"crash {i}", severity = "SEV-3" })).EnsureSuccessStatusCode();
                }

                for (var u = 1; u <= UpdatesEach; u++)
                {
                    for (var i = 1; i <= Incidents; i++)
                    {
                        (await http.PostAsJsonAsync($"api/v1/incidents/{i}/updates", new { audience = "internal", text = $"update {u}" })).EnsureSuccessStatusCode();
                    }
                }
            }

            const int expected = Incidents * (1 + UpdatesEach);
            for (var round = 1; round <= 4; round++)
            {
                var before = receiver.Requests.Count;
                await NotifyingConfig.EventuallyAsync(() => receiver.Requests.Count > before + 3 || receiver.Accepted.Select(r => r.Header("webhook-id")).Distinct().Count() == expected, "the dispatcher is sending");
                await server.KillAsync();
                output.WriteLine($"round {round}: killed with {receiver.Requests.Count} requests received, {receiver.Accepted.Select(r => r.Header("webhook-id")).Distinct().Count()} distinct");
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(data.Path, configFile: config, port: port);
            }

            await NotifyingConfig.EventuallyAsync(() => receiver.Accepted.Select(r => r.Header("webhook-id")).Distinct().Count() >= expected, $"{expected} distinct messages arrived", TimeSpan.FromSeconds(120));
            using var admin = server.CreateClient();
            await NotifyingConfig.EventuallyAsync(
                () => admin.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/deliveries?state=pending").GetAwaiter().GetResult().GetProperty("items").GetArrayLength() == 0,
                "nothing is pending");

            var ids = receiver.Accepted.Select(r => r.Header("webhook-id")!).ToList();
            output.WriteLine($"{ids.Count} requests accepted, {ids.Distinct().Count()} distinct, {expected} expected");
            Assert.Equal(expected, ids.Distinct().Count());
            // Each incident's messages arrived in the order its events happened (first arrival of each id).
            foreach (var incident in Enumerable.Range(1, Incidents))
            {
                var texts = receiver.Accepted
                    .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("data"))
                    .Where(d => d.GetProperty("incidentId").GetInt64() == incident)
                    .Select(d => d.GetProperty("text").GetString() ?? "declared")
                    .Distinct()
                    .ToList();
                Assert.Equal(["declared", .. Enumerable.Range(1, UpdatesEach).Select(u => $"update {u}")], texts);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
