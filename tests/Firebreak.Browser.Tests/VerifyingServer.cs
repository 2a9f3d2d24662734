using Firebreak.Testing;

namespace Firebreak.Browser.Tests;

/// <summary>
/// A Firebreak server whose `checkout` service has a health check pointing at a small HTTP server
/// on loopback that answers 200 "ok"; SEV-1's monitoring window is a few seconds and checks run every second.
/// </summary>
public sealed class VerifyingServer : BrowserServer
{
    private HealthEndpoint? _health;

    /// <summary>How many times the health check was asked.</summary>
    public int HealthChecks => _health?.Requests ?? 0;

    public override async Task InitializeAsync()
    {
        _health = await HealthEndpoint.StartAsync();
        var url = _health.Url;
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
                  - url: {url}
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
            await _health.DisposeAsync();
        }
    }
}
