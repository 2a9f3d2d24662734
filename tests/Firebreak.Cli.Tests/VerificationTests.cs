using Firebreak.Testing;
using System.Diagnostics;
using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests;

/// <summary>
/// Verified resolution against a real health endpoint: `resolve` starts a monitoring window, the
/// server's scheduler probes the service's health check, a failing check keeps the incident in
/// monitoring, and a clean window resolves it on its own.
/// </summary>
public sealed class VerificationTests
{
    private static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Resolve_WithAHealthCheck_StaysMonitoringWhileUnhealthy_AndResolvesItselfOnceHealthy()
    {
        await using var health = await HealthEndpoint.StartAsync(healthy: false);
        using var folder = new TempDirectory();
        var service = $"payments-{Guid.NewGuid().ToString("N")[..8]}";
        var config = Path.Combine(folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, $"""
            severities:
              - name: SEV-1
                monitoringWindow: 3s
              - name: SEV-2
                monitoringWindow: 3s
              - name: SEV-3
                monitoringWindow: 3s
              - name: SEV-4
                monitoringWindow: 3s
            services:
              - name: {service}
                healthChecks:
                  - name: {service} health
                    url: {health.Url}
                    expectStatus: 200
                    bodyContains: ok
                    timeout: 2s
            verification:
              interval: 1s
            """);
        await using var server = await ServerProcess.StartAsync(configFile: config, environment: new Dictionary<string, string?> { ["scheduler__tickMs"] = "200" });
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var key = (await cli.RunAsync("declare", "Payments timing out", "--sev", "P2", "--service", service, "--json")).Succeeded().Json().GetProperty("key").GetString()!;

        var monitoring = (await cli.RunAsync("resolve", key, "--reason", "rolled back the connection pool change")).Succeeded().StdOut;
        Assert.Contains($"{key}  SEV-3  monitoring", monitoring, StringComparison.Ordinal);
        Assert.Contains($"  Verifying: {service} until ", monitoring, StringComparison.Ordinal);

        // Unhealthy: the failed check is recorded and the incident stays in monitoring.
        var failing = await PollShowAsync(cli, key, s => Strings(s.GetProperty("incident").GetProperty("verification"), "failing").Contains(service), "a failing check", server);
        var failed = Assert.Single(Timeline(failing), i => i.Text.StartsWith("Verification check failed", StringComparison.Ordinal));
        Assert.Equal($"Verification check failed for {service}: {service} health: expected HTTP 200, got 503", failed.Text[..failed.Text.LastIndexOf(" after ", StringComparison.Ordinal)]);
        Assert.Equal("firebreak", failed.Actor);
        var readable = (await cli.RunAsync("show", key)).Succeeded().StdOut;
        Assert.Contains($"; failing: {service}", readable, StringComparison.Ordinal);
        Assert.Contains($"Verification check failed for {service}", readable, StringComparison.Ordinal);

        // Keep probing for longer than the 3 s window: still monitoring, nothing resolved.
        var probed = health.Requests;
        await PollAsync(() => Task.FromResult(health.Requests >= probed + 5), "five more health probes", server);
        var still = (await ShowAsync(cli, key)).GetProperty("incident");
        Assert.Equal("monitoring", still.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, still.GetProperty("resolvedAt").ValueKind);
        Assert.Equal([service], Strings(still.GetProperty("verification"), "failing"));
        var early = (await cli.RunAsync("resolve", key)).Failed();
        Assert.Contains("Blocked by the unverified-resolve guardrail: Verification is still running", early.StdErr, StringComparison.Ordinal);
        Assert.Contains($"and {service} is failing", early.StdErr, StringComparison.Ordinal);

        // Healthy again: a clean window resolves it, as the system.
        health.Healthy = true;
        var resolved = await PollShowAsync(cli, key, s => s.GetProperty("incident").GetProperty("status").GetString() == "resolved", "the incident resolved", server);
        var incident = resolved.GetProperty("incident");
        Assert.NotEqual(JsonValueKind.Null, incident.GetProperty("resolvedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("verification").ValueKind);
        var timeline = Timeline(resolved);
        var resolution = Assert.Single(timeline, i => i.Kind == "status" && i.Text.Contains("→ resolved", StringComparison.Ordinal));
        Assert.Equal("Status monitoring → resolved: verified: the health checks passed through the monitoring window", resolution.Text);
        Assert.Equal("firebreak", resolution.Actor);
        Assert.Contains(timeline, i => i.Text.StartsWith($"Verification checks healthy again ({service}); the window restarts", StringComparison.Ordinal));
        Assert.Contains(timeline, i => i.Text == $"Verification passed: {service} stayed healthy through the monitoring window" && i.Actor == "firebreak");
        Assert.Single(timeline, i => i.Text.StartsWith("Verification started", StringComparison.Ordinal));
        Assert.Matches($@"#{resolution.Version} +status +firebreak +Status monitoring → resolved", (await cli.RunAsync("show", key)).Succeeded().StdOut);
    }

    private static async Task<JsonElement> ShowAsync(CliRunner cli, string key) => (await cli.RunAsync("show", key, "--json")).Succeeded().Json();

    /// <summary>`show --json` until the condition holds, for at most <see cref="PollDeadline"/>.</summary>
    private static async Task<JsonElement> PollShowAsync(CliRunner cli, string key, Func<JsonElement, bool> condition, string what, ServerProcess server)
    {
        JsonElement shown = default;
        await PollAsync(
            async () =>
            {
                shown = await ShowAsync(cli, key);
                return condition(shown);
            },
            what,
            server,
            () => shown.ValueKind == JsonValueKind.Undefined ? string.Empty : shown.ToString());
        return shown;
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what, ServerProcess server, Func<string>? last = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < PollDeadline, $"No {what} within {PollDeadline.TotalSeconds} s.\n{last?.Invoke()}\n{server.Describe()}");
            await Task.Delay(250);
        }
    }

    private static List<string> Strings(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object ? [.. parent.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)] : [];

    private static List<Item> Timeline(JsonElement shown) =>
        [.. shown.GetProperty("timeline").EnumerateArray().Select(i => new Item(i.GetProperty("version").GetInt64(), i.GetProperty("kind").GetString()!, i.GetProperty("text").GetString()!, i.GetProperty("actor").GetString()!))];

    private sealed record Item(long Version, string Kind, string Text, string Actor);
}
