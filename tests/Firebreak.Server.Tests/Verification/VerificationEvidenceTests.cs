using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Verification;

/// <summary>
/// Verification evidence attached by hand is not the end of it: resolving starts the severity's
/// monitoring window, a symptom during it starts the window over, a clean window resolves, and
/// resolving before it ends is the unverified-resolve guardrail.
/// </summary>
public sealed class VerificationEvidenceTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private FirebreakFactory _factory = null!;
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _factory = new FirebreakFactory
        {
            Clock = _clock,
            SchedulerLoop = false,
            Config = """
                severities:
                  - name: SEV-1
                  - name: SEV-2
                    monitoringWindow: 15m
                  - name: SEV-3
                  - name: SEV-4
                services:
                  - name: search
                verification:
                  interval: 1m
                """,
        };
        _admin = _factory.Admin();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task VerificationEvidence_MonitorsThroughTheWindow_ASymptomRestartsIt_AndACleanWindowResolves()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-2", services = new[] { "search" } })).Long("id");
        var proof = await _admin.AttachAsync(id, new { kind = "text", name = "search from the client", text = "GET /search?q=shoes: 200 in 180 ms", verification = true, checkKind = "client-side" });
        Assert.True(proof.GetProperty("verification").GetBoolean());
        Assert.Equal("client-side", proof.Str("checkKind"));
        Assert.Equal("Verification evidence #1 attached (text, checked: client-side): search from the client sha256:" + proof.Str("sha256")[..12], (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));

        // "I think it's fixed": the resolve starts the 15-minute window instead of resolving.
        var monitoring = await _admin.ChangeStatusAsync(id, "resolved", "Reindexed");
        Assert.Equal("monitoring", monitoring.Str("status"));
        Assert.True(monitoring.IsNull("resolvedAt"));
        Assert.Equal(ResponseApi.Start.AddMinutes(15), monitoring.GetProperty("verification").Time("endsAt"));
        Assert.Equal("Verification started: no symptom may come back until 09:15 UTC", (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));

        // 0:10: the slowness is back; the window starts over and ends at 0:25.
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _factory.RunSchedulerAsync();
        await _admin.AddEntryAsync(id, "symptom", "p99 of /search is 4 s again");
        var restarted = await _admin.GetIncidentAsync(id);
        Assert.Equal("monitoring", restarted.Str("status"));
        Assert.Equal(ResponseApi.Start.AddMinutes(25), restarted.GetProperty("verification").Time("endsAt"));
        Assert.Equal("Verification window restarts, ending 09:25 UTC: a symptom was recorded", Assert.Single(await _admin.OfTypeAsync(id, "incident.verification-recurred.v1")).Str("text"));

        // 0:16 is past the first window but not the restarted one.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await _factory.RunSchedulerAsync();
        Assert.Equal("monitoring", (await _admin.GetIncidentAsync(id)).Str("status"));

        // 0:26: the restarted window passed with nothing coming back.
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _factory.RunSchedulerAsync();
        var resolved = await _admin.GetIncidentAsync(id);
        Assert.Equal("resolved", resolved.Str("status"));
        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal("Verification passed: nothing came back through the monitoring window", items.Single(i => i.Str("type") == "incident.verification-passed.v1").Str("text"));
        Assert.Contains(items, i => i.Str("text") == "Status monitoring → resolved: verified: nothing came back through the monitoring window");
        Assert.Empty(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1"));
    }

    [Fact]
    public async Task Resolve_BeforeTheWindowEnds_IsBlockedByTheGuardrail_AndGoesThroughWithAnOverride()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-2", services = new[] { "search" } })).Long("id");
        await _admin.AttachAsync(id, new { kind = "link", name = "p99 after the fix", url = "https://grafana.example.com/d/search", verification = true, checkKind = "metric" });
        await _admin.ChangeStatusAsync(id, "resolved");
        _clock.Advance(TimeSpan.FromMinutes(5));
        var before = await _admin.SnapshotAsync(id);

        await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "resolved" }), HttpStatusCode.Conflict, "unverified-resolve", "still running until 09:15");
        Assert.Equal(before, await _admin.SnapshotAsync(id));

        var resolved = await _admin.CommandAsync(id, "status", new { status = "resolved", @override = "Customer confirmed search works; closing the bridge" });
        Assert.Equal("resolved", resolved.Str("status"));
        Assert.Equal("Guardrail unverified-resolve overridden: Customer confirmed search works; closing the bridge", Assert.Single(await _admin.OfTypeAsync(id, "incident.guardrail-overridden.v1")).Str("text"));
    }

    [Fact]
    public async Task Attach_WithAnUnknownKindOfCheck_OrAKindOfCheckOnOrdinaryEvidence_IsInvalid()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-2", services = new[] { "search" } })).Long("id");

        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), new { kind = "text", text = "ok", verification = true, checkKind = "vibes" }), "checkKind", "health-check, metric, client-side, alerts-quiet, other");
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), new { kind = "text", text = "ok", checkKind = "metric" }), "checkKind", "verification evidence only");
        Assert.Equal(0, (await _admin.GetIncidentAsync(id)).Long("evidenceCount"));
    }

    [Fact]
    public async Task RoomForm_RecordsTheKindOfCheck_AndTheRoomShowsItOnTheTimeline()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-2", services = new[] { "search" } })).Long("id");
        (await _factory.UserAsync("rosa")).Dispose();
        using var web = await WebSession.SignInAsync(_factory, "rosa", FirebreakFactory.UserPassword);

        var posted = await web.PostMultipartAsync($"/incidents/{id}", $"/ui/incidents/{id}/evidence", [("name", "alerts"), ("text", "no alert for 20 min"), ("verification", "true"), ("checkKind", "alerts-quiet")]);

        Assert.True(posted.StatusCode is HttpStatusCode.SeeOther or HttpStatusCode.OK, $"The form answered {(int)posted.StatusCode}.");
        Assert.Contains("(text, checked: alerts-quiet): alerts", Assert.Single(await _admin.OfTypeAsync(id, "incident.evidence-attached.v2")).Str("text"), StringComparison.Ordinal);
        var room = await (await web.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("checked: alerts-quiet", room, StringComparison.Ordinal);
        Assert.Contains(", verification (alerts-quiet)", room, StringComparison.Ordinal);
        await _admin.AttachAsync(id, new { kind = "text", name = "a log line", text = "no errors" });
        var listed = (await _admin.EvidenceAsync(id)).EnumerateArray().ToList();
        Assert.Equal(("alerts-quiet", false), (listed[0].Str("checkKind"), listed[1].TryGetProperty("checkKind", out _)));
        Assert.Contains("name=\"checkKind\"", room, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
    }
}
