using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Firebreak.Browser.Tests;

/// <summary>
/// A Firebreak server whose `checkout` service has a health check pointing at a small HTTP server
/// on loopback that answers 200 "ok"; SEV-1's monitoring window is a few seconds and checks run every second.
/// </summary>
public sealed class VerifyingServer : BrowserServer
{
    private WebApplication? _health;

    private int _healthChecks;

    /// <summary>How many times the health check was asked.</summary>
    public int HealthChecks => Volatile.Read(ref _healthChecks);

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _health = builder.Build();
        _health.MapGet("/healthz", () =>
        {
            Interlocked.Increment(ref _healthChecks);
            return Results.Text("ok");
        });
        await _health.StartAsync();
        var address = _health.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ConfigYaml = $"""
            severities:
              - name: SEV-1
                monitoringWindow: 3s
              - name: SEV-2
              - name: SEV-3
              - name: SEV-4
            services:
              - name: checkout
                healthChecks:
                  - url: {address}/healthz
                    expectStatus: 200
                    bodyContains: ok
                    timeout: 2s
            verification:
              interval: 1s
            """;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_health is not null)
        {
            await _health.StopAsync();
            await _health.DisposeAsync();
        }
    }
}
