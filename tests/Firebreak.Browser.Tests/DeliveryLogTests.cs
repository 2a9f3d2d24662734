using System.Net.Http.Json;
using Firebreak.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>A server with one webhook channel, routed for internal updates, pointing at a recording receiver on loopback.</summary>
public sealed class NotifyingBrowserServer : BrowserServer
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public RecordingReceiver Receiver { get; private set; } = null!;

    /// <summary>While false the receiver answers 503 and deliveries are retried.</summary>
    public bool ReceiverUp { get; set; } = true;

    public override async Task InitializeAsync()
    {
        Receiver = await RecordingReceiver.StartAsync();
        Receiver.Answer = _ => ReceiverUp ? ReceiverAnswer.Ok : new ReceiverAnswer(503, "maintenance");
        var secretFile = Path.Combine(TestDatabases.TempDirectory(), "secret");
        await File.WriteAllTextAsync(secretFile, Secret);
        ConfigYaml = $"""
            verification:
              interval: 1s
            channels:
              - name: team-hook
                type: webhook
                url: {Receiver.Url}
                secretFile: {secretFile}
            routes:
              - events: [update-internal]
                channels: [team-hook]
            """;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>The room's Deliveries panel follows a message from queued through retrying to delivered, without a reload.</summary>
public sealed class DeliveryLogTests(NotifyingBrowserServer server) : IClassFixture<NotifyingBrowserServer>
{
    [Fact]
    public async Task AnUpdatesDelivery_ShowsRetryingThenDelivered_InTheOpenRoom()
    {
        var id = await server.DeclareAsync(Ui.Unique("Webhooks are late"));
        var page = await server.SignInAsync("bob");
        await page.GotoAsync($"/incidents/{id}");
        await Expect(page.Locator("#deliveries")).ToContainTextAsync("Nothing sent for this incident yet");

        server.ReceiverUp = false;
        using (var api = server.Api())
        {
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { audience = "internal", text = "Investigating the queue" })).EnsureSuccessStatusCode();
        }

        var panel = page.Locator("#deliveries");
        await Expect(panel).ToContainTextAsync("team-hook retrying, next try", new() { Timeout = 10_000 });
        server.ReceiverUp = true;
        await Expect(panel).ToContainTextAsync("team-hook ✓", new() { Timeout = 20_000 });
        await Expect(panel).ToContainTextAsync("(try 2)");
        await Expect(panel.Locator("a[href^='#e']")).ToHaveCountAsync(1);
    }
}
