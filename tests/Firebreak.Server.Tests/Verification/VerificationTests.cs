using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Verification;

/// <summary>
/// Resolving needs proof the fix works. Against a real HTTP service whose /health the test turns
/// on and off: resolving starts a monitoring window, failing checks keep the incident in
/// monitoring, recovery restarts the window, and a clean window resolves it. Without health checks,
/// verification evidence starts the same window.
/// </summary>
public sealed class VerificationTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private HealthEndpoint _health = null!;
    private FirebreakFactory _factory = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _health = await HealthEndpoint.StartAsync();
        _factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = $"""
                severities:
                  - name: SEV-1
                  - name: SEV-2
                    monitoringWindow: 1m
                  - name: SEV-3
                  - name: SEV-4
                services:
                  - name: checkout
                    healthChecks:
                      - name: checkout health
                        url: {_health.Url}
                        expectStatus: 200
                        bodyContains: ok
                        timeout: 10s
                  - name: search
                verification:
                  interval: 10s
                """,
        };
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task Resolve_WithHealthChecks_MonitorsUntilAWindowPassesClean_ThenFirebreakResolvesIt()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");

        // Resolving starts verification instead of resolving.
        var monitoring = await _admin.ChangeStatusAsync(id, "resolved", "Rolled back to 41");
        Assert.Equal("monitoring", monitoring.Str("status"));
        Assert.True(monitoring.IsNull("resolvedAt"));
        var verification = monitoring.GetProperty("verification");
        Assert.Equal(ResponseApi.Start, verification.Time("startedAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(1), verification.Time("endsAt"));
        Assert.Equal(["checkout"], verification.GetProperty("checks").Strings());
        Assert.Empty(verification.GetProperty("failing").EnumerateArray());
        var started = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal("Status investigating → monitoring: verifying the fix before resolving", started[^2].Str("text"));
        Assert.Equal("Verification started: checkout must stay healthy until 09:01 UTC", started[^1].Str("text"));

        // The service is down: a failure is recorded, once, and the incident stays in monitoring.
        _health.Healthy = false;
        await _factory.RunSchedulerAsync();
        var failed = await _admin.GetIncidentAsync(id);
        Assert.Equal("monitoring", failed.Str("status"));
        Assert.Equal(["checkout"], failed.GetProperty("verification").GetProperty("failing").Strings());
        var failure = Assert.Single(await _admin.OfTypeAsync(id, "incident.verification-check-failed.v1"));
        Assert.Equal(("verification", "firebreak"), (failure.Str("kind"), failure.Str("actor")));
        Assert.StartsWith("Verification check failed for checkout: checkout health: expected HTTP 200, got 503", failure.Str("text"), StringComparison.Ordinal);
        var requests = _health.Requests;
        Assert.True(requests >= 1);

        // While it runs, resolving is refused.
        var before = await _admin.SnapshotAsync(id);
        await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "resolved" }), HttpStatusCode.Conflict, "unverified-resolve", "still running", "checkout is failing");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        _clock.Advance(TimeSpan.FromSeconds(10));
        await _factory.RunSchedulerAsync();
        Assert.True(_health.Requests > requests, "The second round did not ask the service again.");
        Assert.Single(await _admin.OfTypeAsync(id, "incident.verification-check-failed.v1"));
        Assert.Equal("monitoring", (await _admin.GetIncidentAsync(id)).Str("status"));

        // Healthy again at 0:20: the window restarts and now ends at 1:20.
        _health.Healthy = true;
        _clock.Advance(TimeSpan.FromSeconds(10));
        await _factory.RunSchedulerAsync();
        var recovered = await _admin.GetIncidentAsync(id);
        Assert.Equal("monitoring", recovered.Str("status"));
        Assert.Empty(recovered.GetProperty("verification").GetProperty("failing").EnumerateArray());
        Assert.Equal(ResponseApi.Start.AddSeconds(80), recovered.GetProperty("verification").Time("endsAt"));
        Assert.Equal("Verification checks healthy again (checkout); the window restarts, ending 09:01 UTC", Assert.Single(await _admin.OfTypeAsync(id, "incident.verification-check-recovered.v1")).Str("text"));

        // 1:10 is past the first window but not the restarted one.
        _clock.Advance(TimeSpan.FromSeconds(50));
        await _factory.RunSchedulerAsync();
        Assert.Equal("monitoring", (await _admin.GetIncidentAsync(id)).Str("status"));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.verification-passed.v1"));

        // 1:21: the restarted window passed clean.
        _clock.Advance(TimeSpan.FromSeconds(11));
        await _factory.RunSchedulerAsync();
        var resolved = await _admin.GetIncidentAsync(id);
        Assert.Equal("resolved", resolved.Str("status"));
        Assert.Equal(ResponseApi.Start.AddSeconds(81), resolved.Time("resolvedAt"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, resolved.GetProperty("verification").ValueKind);
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(("incident.verification-passed.v1", "firebreak"), (items[^2].Str("type"), items[^2].Str("actor")));
        Assert.Equal("Verification passed: checkout stayed healthy through the monitoring window", items[^2].Str("text"));
        Assert.Equal(("incident.status-changed.v1", "firebreak"), (items[^1].Str("type"), items[^1].Str("actor")));
        Assert.Equal("Status monitoring → resolved: verified: the health checks passed through the monitoring window", items[^1].Str("text"));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));

        // Nothing is left to verify: the durable row is gone, and later runs ask the service nothing and
        // record no verification (only the reminder that nobody has announced the resolution yet).
        Assert.DoesNotContain(await _factory.JobsAsync(), j => j.Key == $"incident:{id}:verify");
        var asked = _health.Requests;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();
        Assert.Equal(asked, _health.Requests);
        var later = (await _admin.TimelineAsync(id)).Items().Skip(items.Count).ToList();
        Assert.All(later, i => Assert.StartsWith("[silent-resolve] ", i.Str("text"), StringComparison.Ordinal));
        Assert.Equal("resolved", (await _admin.GetIncidentAsync(id)).Str("status"));
    }

    [Fact]
    public async Task Verification_WhenTheServiceStaysHealthy_ResolvesAfterTheWindowWithoutFailures()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-2", services = new[] { "Checkout" } })).Long("id");
        await _admin.ChangeStatusAsync(id, "resolved");

        await _factory.RunSchedulerAsync();
        Assert.Equal("monitoring", (await _admin.GetIncidentAsync(id)).Str("status"));

        _clock.Advance(TimeSpan.FromSeconds(61));
        await _factory.RunSchedulerAsync();

        Assert.Equal("resolved", (await _admin.GetIncidentAsync(id)).Str("status"));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.verification-check-failed.v1"));
        Assert.Single(await _admin.OfTypeAsync(id, "incident.verification-passed.v1"));
        Assert.True(_health.Requests >= 2);
    }

    [Fact]
    public async Task Reopening_DuringMonitoring_StopsTheVerification_AndResolvingAgainStartsAFreshWindow()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await _admin.ChangeStatusAsync(id, "resolved");
        Assert.Contains(await _factory.JobsAsync(), j => j.Key == $"incident:{id}:verify");

        var reopened = await _admin.ChangeStatusAsync(id, "investigating", "Errors are back");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reopened.GetProperty("verification").ValueKind);
        Assert.DoesNotContain(await _factory.JobsAsync(), j => j.Key == $"incident:{id}:verify");
        _clock.Advance(TimeSpan.FromMinutes(2));
        await _factory.RunSchedulerAsync();
        Assert.Equal(0, _health.Requests);
        Assert.Equal("investigating", (await _admin.GetIncidentAsync(id)).Str("status"));

        var again = await _admin.ChangeStatusAsync(id, "resolved");
        Assert.Equal("monitoring", again.Str("status"));
        Assert.Equal(ResponseApi.Start.AddMinutes(3), again.GetProperty("verification").Time("endsAt"));
        Assert.Equal(2, (await _admin.OfTypeAsync(id, "incident.verification-started.v1")).Count);
    }

    [Fact]
    public async Task Resolve_OfServicesWithoutHealthChecks_IsBlockedUntilVerificationEvidenceIsAttached_WhichStartsTheWindow()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-2", services = new[] { "search" } })).Long("id");
        await _admin.AttachAsync(id, new { kind = "text", name = "top", text = "load average 40" });
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "resolved" }), HttpStatusCode.Conflict, "unverified-resolve", "no health check covers search");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        var proof = await _admin.AttachAsync(id, new { kind = "link", name = "p99 after the fix", url = "https://grafana.example.com/d/search?from=now-15m", verification = true });
        Assert.True(proof.GetProperty("verification").GetBoolean());
        var monitoring = await _admin.ChangeStatusAsync(id, "resolved");

        Assert.Equal("monitoring", monitoring.Str("status"));
        Assert.Equal(2, monitoring.Long("evidenceCount"));
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.StartsWith("Verification evidence #", items[^3].Str("text"), StringComparison.Ordinal);
        Assert.Equal("Status investigating → monitoring: verifying the fix before resolving", items[^2].Str("text"));

        _clock.Advance(TimeSpan.FromSeconds(61));
        await _factory.RunSchedulerAsync();
        Assert.Equal("resolved", (await _admin.GetIncidentAsync(id)).Str("status"));
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    [Fact]
    public async Task Resolve_WithAVerificationFile_ForServicesWithHealthChecks_StillMonitorsTheChecks()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await HttpAssert.JsonAsync(await _admin.UploadAsync(id, "HTTP/1.1 200 OK\n"u8.ToArray(), "?name=smoke.txt&verification=true&checkKind=client-side", "text/plain"), HttpStatusCode.Created);

        var monitoring = await _admin.ChangeStatusAsync(id, "resolved");

        Assert.Equal("monitoring", monitoring.Str("status"));
        Assert.Equal(["checkout"], monitoring.GetProperty("verification").GetProperty("checks").Strings());
        Assert.Contains("checked: client-side", Assert.Single(await _admin.OfTypeAsync(id, "incident.evidence-attached.v2")).Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_OfAnIncidentWithoutServices_CanBeOverriddenWithAReason()
    {
        var id = await _admin.DeclareIdAsync("Emails delayed", "SEV-3");

        var resolved = await _admin.CommandAsync(id, "status", new { status = "resolved", @override = "Queue drained; checked by hand" });

        Assert.Equal("resolved", resolved.Str("status"));
        Assert.Equal("Guardrail unverified-resolve overridden: Queue drained; checked by hand", Assert.Single(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1")).Str("text"));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _health.DisposeAsync();
    }
}
