using System.Net;
using Firebreak.Server.Probes;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Probes;

/// <summary>
/// Probes against a real HTTP server on loopback: each run kept, a failing one raising an alert that
/// declares by the probe's rule, a passing one resolving it, and the probe serving verification.
/// </summary>
public sealed class ProbeTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private RecordingReceiver _service = null!;
    private FirebreakFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _service = await RecordingReceiver.StartAsync();
        _factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = $"""
                services:
                  - name: checkout
                    probes:
                      - name: checkout-health
                        url: {_service.Url}/healthz
                        expectStatus: 200
                        bodyContains: ok
                        interval: 30s
                        declare: SEV-2
                """,
        };
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _service.DisposeAsync();
    }

    private Task<int> RunProbesAsync() => _factory.Services.GetRequiredService<ProbeRunner>().RunDueAsync(_clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task AFailingProbe_RaisesAnAlertThatDeclares_APassingOneResolvesIt_AndEveryRunIsKept()
    {
        using var admin = _factory.Admin();
        Assert.Equal("unknown", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/probes"))).GetProperty("items")[0].Str("status"));

        Assert.Equal(1, await RunProbesAsync());
        Assert.Equal(0, await RunProbesAsync());   // not due again before its interval
        var up = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/probes"))).GetProperty("items")[0];
        Assert.Equal(("up", 100.0), (up.Str("status"), up.GetProperty("uptime24h").GetDouble()));
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups"))).GetProperty("items").GetArrayLength());

        _service.Answer = _ => new ReceiverAnswer(503, "down");
        _clock.Advance(TimeSpan.FromSeconds(30));
        await RunProbesAsync();
        var group = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups"))).GetProperty("items")[0];
        Assert.Equal(("firing", "checkout", "probe:checkout-health"), (group.Str("status"), group.Str("service"), group.Str("integration")));
        Assert.Contains("expected HTTP 200, got 503", group.Str("title"), StringComparison.Ordinal);
        await _factory.RunSchedulerAsync();
        var incident = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").EnumerateArray());
        Assert.Equal(("SEV-2", "investigating"), (incident.Str("severity"), incident.Str("status")));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await RunProbesAsync();   // still failing: the run is kept, the alert pipeline hears nothing new
        Assert.Equal(1, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).GetProperty("fired").GetInt64());

        _service.Answer = _ => ReceiverAnswer.Ok;
        _clock.Advance(TimeSpan.FromSeconds(30));
        await RunProbesAsync();
        Assert.Equal("resolved", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("status"));

        var probe = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/probes/checkout-health"));
        Assert.Equal([true, false, false, true], probe.GetProperty("recent").EnumerateArray().Select(r => r.GetProperty("passed").GetBoolean()).Reverse());
        Assert.Equal(50.0, probe.GetProperty("uptime24h").GetDouble());
        var hour = Assert.Single(probe.GetProperty("hours").EnumerateArray());
        Assert.Equal((4, 2), (hour.GetProperty("checks").GetInt32(), hour.GetProperty("failures").GetInt32()));
        Assert.Equal(4, _service.Requests.Count(r => r.Path == "/healthz"));
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/probes/nope"), HttpStatusCode.NotFound, "services[].probes");
    }

    [Fact]
    public async Task AProbe_IsAHealthCheckOfItsService_SoResolvingStartsVerification()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Checkout failing", severity = "SEV-3", services = new[] { "checkout" } })).Long("id");
        await admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        var resolving = await admin.ChangeStatusAsync(id, "resolved", "rolled back");
        Assert.Equal("monitoring", resolving.Str("status"));
    }

    [Theory]
    [InlineData("url: ftp://x/", "not an http(s) URL")]
    [InlineData("url: http://x/\n        interval: 2s", "interval must be between 10s and 1d")]
    [InlineData("url: http://x/\n        declare: SEV-9", "declare 'SEV-9' is not a severity")]
    [InlineData("url: http://x/\n        certExpiryDays: 0", "certExpiryDays")]
    [InlineData("url: http://x/\n        method: POST", "method")]
    public void ABadProbe_IsRefusedWithTheFix(string probe, string fix) =>
        Assert.Contains(fix, ConfigAssert.Refused($"services:\n  - name: checkout\n    probes:\n      - {probe}\n").Message, StringComparison.Ordinal);
}
