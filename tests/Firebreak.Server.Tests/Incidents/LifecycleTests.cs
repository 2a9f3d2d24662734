using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Status moves along the lifecycle, declining a false alarm, and severity changes.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();
    private readonly HttpClient _admin;

    public LifecycleTests()
    {
        _admin = _factory.Admin();
    }

    [Fact]
    public async Task Status_MovesThroughTheWholeLifecycle_FromTriageToClosed()
    {
        var id = (await _admin.DeclareAsync(new { title = "Orders missing", severity = "SEV-2", status = "triage" })).Long("id");
        var steps = new (string To, string[] AllowedAfter)[]
        {
            ("investigating", ["identified", "monitoring", "resolved"]),
            ("identified", ["investigating", "monitoring", "resolved"]),
            ("monitoring", ["investigating", "identified", "resolved"]),
            ("resolved", ["closed", "investigating"]),
            ("closed", []),
        };

        var previous = "triage";
        var version = 2L;
        foreach (var (to, allowedAfter) in steps)
        {
            // Nothing verifies this incident's fix, so resolving needs an override reason, recorded just before the move.
            var resolving = to == "resolved";
            var response = await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = to, reason = $"now {to}", @override = resolving ? "Checked the order pipeline by hand" : null });
            var incident = await HttpAssert.JsonAsync(response);
            version += resolving ? 2 : 1;
            Assert.Equal(to, incident.Str("status"));
            Assert.Equal(version, incident.Long("version"));
            Assert.Equal($"\"{version}\"", response.Headers.ETag?.Tag);
            Assert.Equal(allowedAfter, incident.GetProperty("allowedStatuses").Strings());

            var items = (await _admin.TimelineAsync(id)).Items();
            Assert.Equal(version, items[^1].Long("version"));
            Assert.Equal($"Status {previous} → {to}: now {to}", items[^1].Str("text"));
            if (resolving)
            {
                Assert.Equal(("guardrail", "Guardrail unverified-resolve overridden: Checked the order pipeline by hand"), (items[^2].Str("kind"), items[^2].Str("text")));
            }

            previous = to;
        }

        var closed = await _admin.GetIncidentAsync(id);
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("resolvedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closedAt").ValueKind);
        Assert.True(closed.GetProperty("closedAt").GetDateTimeOffset() >= closed.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(1, await _admin.TotalAsync("?active=false"));
    }

    [Fact]
    public async Task Status_MaySkipForwardAndMoveBack()
    {
        var id = await _admin.DeclareIdAsync();
        Assert.Equal("resolved", (await _admin.ResolveAsync(id)).Str("status"));

        var reopened = await _admin.ChangeStatusAsync(id, "investigating", "It is back");
        Assert.Equal("investigating", reopened.Str("status"));
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("resolvedAt").ValueKind);
        Assert.Equal(1, await _admin.TotalAsync("?active=true"));
    }

    [Fact]
    public async Task Resolve_WithNothingVerifyingTheFix_Is409UnverifiedResolveAndWritesNothing()
    {
        var id = await _admin.DeclareIdAsync();
        var before = await _admin.SnapshotAsync(id);

        var problem = await HttpAssert.ProblemAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "resolved", reason = "Looks fine" }), HttpStatusCode.Conflict, "unverified-resolve", "override");

        Assert.Equal("unverified-resolve", problem.Str("guardrail"));
        Assert.True(problem.GetProperty("overridable").GetBoolean());
        Assert.Equal(before, await _admin.SnapshotAsync(id));
        Assert.Equal("investigating", (await _admin.GetIncidentAsync(id)).Str("status"));
    }

    [Fact]
    public async Task Status_ReasonIsOptional()
    {
        var id = await _admin.DeclareIdAsync();
        await _admin.ChangeStatusAsync(id, "identified");
        Assert.Equal("Status investigating → identified", (await _admin.TimelineAsync(id)).Items()[^1].Str("text"));
    }

    [Fact]
    public async Task Decline_FromTriageWithReason_EndsTheIncident()
    {
        var id = (await _admin.DeclareAsync(new { title = "Alert storm", severity = "SEV-3", status = "triage" })).Long("id");

        var declined = await _admin.CommandAsync(id, "decline", new { reason = "  Monitoring misfired  " });

        Assert.Equal("declined", declined.Str("status"));
        Assert.Equal("Monitoring misfired", declined.Str("declineReason"));
        Assert.Empty(declined.GetProperty("allowedStatuses").EnumerateArray());
        var last = (await _admin.TimelineAsync(id)).Items()[^1];
        Assert.Equal(("declined", "Declined: Monitoring misfired", "incident.declined.v1"), (last.Str("kind"), last.Str("text"), last.Str("type")));
        Assert.Equal(1, await _admin.TotalAsync("?status=declined&active=false"));

        var before = await _admin.SnapshotAsync(id);
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "status"), new { status = "investigating" }), "status", "declined");
        await HttpAssert.InvalidAsync(await _admin.PostAsJsonAsync(IncidentApi.Url(id, "timeline"), new { kind = "note", text = "late" }), "status", "declined");
        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Severity_ChangeWithReason_IsRecordedWithFromAndTo()
    {
        var id = await _admin.DeclareIdAsync(severity: "SEV-3");

        var upgraded = await _admin.CommandAsync(id, "severity", new { severity = "P0", reason = "All regions affected" });
        Assert.Equal("SEV-1", upgraded.Str("severity"));
        var downgraded = await _admin.CommandAsync(id, "severity", new { severity = "sev2", reason = "EU recovered" });
        Assert.Equal("SEV-2", downgraded.Str("severity"));

        var items = (await _admin.TimelineAsync(id)).Items();
        Assert.Equal(
            ["Severity SEV-3 → SEV-1: All regions affected", "Severity SEV-1 → SEV-2: EU recovered"],
            items.Where(i => i.Str("kind") == "severity").Select(i => i.Str("text")));
        Assert.Equal(1, await _admin.TotalAsync("?severity=SEV-2"));
        Assert.Equal(0, await _admin.TotalAsync("?severity=SEV-3"));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}
