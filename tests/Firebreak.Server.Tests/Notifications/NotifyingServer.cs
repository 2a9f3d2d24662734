using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Notifications;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// A server whose firebreak.yaml declares channels (webhooks, or any type through <see cref="StartWith"/>)
/// pointing at recording receivers on loopback, with a fake clock and the dispatcher driven by the test (<see cref="DispatchAsync"/>).
/// </summary>
public sealed class NotifyingServer : IAsyncDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private NotifyingServer(FirebreakFactory factory, FakeClock clock)
    {
        Factory = factory;
        Clock = clock;
        Admin = factory.Admin();
    }

    public FirebreakFactory Factory { get; }

    public FakeClock Clock { get; }

    public HttpClient Admin { get; }

    /// <summary>
    /// A server with one webhook channel per (name, url); <paramref name="extra"/> is appended to the
    /// channels' YAML (routes and settings); without a routes section every event goes to every channel.
    /// </summary>
    public static NotifyingServer Start(IReadOnlyList<(string Name, string Url, bool Private)> channels, string? extra = null, string? database = null, FakeClock? clock = null)
    {
        var secretFile = Path.Combine(TestDatabases.TempDirectory(), "webhook-secret");
        File.WriteAllText(secretFile, Secret + "\n");
        var yaml = new System.Text.StringBuilder("channels:\n");
        foreach (var (name, url, isPrivate) in channels)
        {
            yaml.Append($"  - name: {name}\n    type: webhook\n    url: {url}\n    secretFile: {secretFile}\n    private: {(isPrivate ? "true" : "false")}\n");
        }

        yaml.Append(extra ?? $"routes:\n  - events: [declared, severity-changed, status-changed, update-internal, update-public, resolved, silence, no-commander, many-voices]\n    channels: [{string.Join(", ", channels.Select(c => c.Name))}]\n");
        return StartWith(yaml.ToString(), database, clock);
    }

    /// <summary>A server with the given firebreak.yaml (channels of any type, routes, settings).</summary>
    public static NotifyingServer StartWith(string config, string? database = null, FakeClock? clock = null)
    {
        clock ??= new FakeClock(ResponseApi.Start);
        var factory = new FirebreakFactory(database) { Clock = clock, SchedulerLoop = false, Config = config };
        return new NotifyingServer(factory, clock);
    }

    public Dispatcher Dispatcher => Factory.Services.GetRequiredService<Dispatcher>();

    /// <summary>Tries everything due now; returns how many tries were made.</summary>
    public Task<int> DispatchAsync() => Dispatcher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);

    /// <summary>Moves the clock and tries what is due, step by step, for <paramref name="total"/>.</summary>
    public async Task RunForAsync(TimeSpan total, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            Clock.Advance(step);
            await DispatchAsync();
        }
    }

    public async Task<JsonElement> DeliveriesAsync(string query) =>
        await HttpAssert.JsonAsync(await Admin.GetAsync("/api/v1/deliveries" + query));

    public async Task<IReadOnlyList<JsonElement>> DeliveryItemsAsync(string query) =>
        [.. (await DeliveriesAsync(query)).GetProperty("items").EnumerateArray()];

    public static JsonElement Body(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
    }
}
