using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Investigation;

/// <summary>
/// A SEV-1/2 incident gets the usual-suspects checklist from the scheduler, once, with the recent deploys
/// and config changes named from the changes recorded to its services; a SEV-3 gets none until raised.
/// </summary>
public sealed class UsualSuspectsTests : IDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _admin;

    public UsualSuspectsTests()
    {
        _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };
        _admin = _factory.Admin();
    }

    private async Task RecordChangeAsync(object body) =>
        await HttpAssert.StatusAsync(await _admin.PostAsJsonAsync("/api/v1/changes", body), HttpStatusCode.Created);

    private static JsonElement? Suspects(JsonElement incident) =>
        incident.GetProperty("checklists").EnumerateArray().Where(l => l.Str("name") == "usual-suspects").Cast<JsonElement?>().SingleOrDefault();

    [Fact]
    public async Task DeclaredSev1_GetsTheChecklist_WithTheRecordedDeployNamed_AndATickLandsOnTheTimeline()
    {
        await RecordChangeAsync(new { kind = "deploy", service = "checkout", summary = "deployed checkout v413", at = "54m" });
        await RecordChangeAsync(new { kind = "deploy", service = "search", summary = "deployed search v9", at = "20m" });
        var id = (await _admin.DeclareAsync(new { title = "Checkout failing", severity = "SEV-1", services = new[] { "Checkout" }, startedAt = ResponseApi.Start.AddMinutes(-12) })).Long("id");

        await _factory.RunSchedulerAsync();

        var incident = await _admin.GetIncidentAsync(id);
        var items = Suspects(incident)!.Value.GetProperty("items").Strings();
        Assert.Equal("Recent deploys: deploy 'deployed checkout v413' 42 min before start", items[0]);
        Assert.Equal("Config changes: none recorded for checkout from 24 h before start; check feature flags, settings and infrastructure changes", items[1]);
        Assert.Equal(8, items.Count);
        var added = (await _admin.TimelineAsync(id)).Items()[^1];
        Assert.Equal(("checklist", "firebreak"), (added.Str("kind"), added.Str("actor")));
        Assert.StartsWith("Checklist 'usual-suspects' added: 1. Recent deploys: deploy 'deployed checkout v413'", added.Str("text"), StringComparison.Ordinal);

        var ticked = await _admin.CommandAsync(id, "checklists/usual-suspects/items/1", new { });
        Assert.Equal([1L], Suspects(ticked)!.Value.GetProperty("done").Longs());
        var entry = (await _admin.TimelineAsync(id)).Items()[^1];
        Assert.Equal(("checklist", "Checklist 'usual-suspects' item 1 done", "admin"), (entry.Str("kind"), entry.Str("text"), entry.Str("actor")));

        // Lowered and raised again, and the scheduler run again: it is not opened a second time.
        await _admin.CommandAsync(id, "severity", new { severity = "SEV-3", reason = "only the EU" });
        await _admin.CommandAsync(id, "severity", new { severity = "SEV-2", reason = "spreading again" });
        await _factory.RunSchedulerAsync();
        Assert.Single((await _admin.GetIncidentAsync(id)).GetProperty("checklists").EnumerateArray());
    }

    [Fact]
    public async Task Sev3_GetsNone_UntilRaisedToSev2()
    {
        var id = (await _admin.DeclareAsync(new { title = "Search is slow", severity = "SEV-3", services = new[] { "search" } })).Long("id");

        await _factory.RunSchedulerAsync();
        Assert.Empty((await _admin.GetIncidentAsync(id)).GetProperty("checklists").EnumerateArray());

        _clock.Advance(TimeSpan.FromMinutes(10));
        await RecordChangeAsync(new { kind = "config", service = "search", summary = "halved the search pool", at = "3m" });
        await _admin.CommandAsync(id, "severity", new { severity = "SEV-2", reason = "search is down for everyone" });
        await _factory.RunSchedulerAsync();

        var items = Suspects(await _admin.GetIncidentAsync(id))!.Value.GetProperty("items").Strings();
        Assert.Equal("Recent deploys: none recorded for search from 24 h before start; check the deploy log", items[0]);
        Assert.Equal("Config changes: config 'halved the search pool' 7 min after start", items[1]);
    }

    [Fact]
    public async Task TheRoom_ShowsTheChecklist_WithATickButtonPerItem()
    {
        var id = (await _admin.DeclareAsync(new { title = "Checkout failing", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await _factory.RunSchedulerAsync();
        await _factory.UserAsync("alice");
        using var alice = await WebSession.SignInAsync(_factory, "alice", FirebreakFactory.UserPassword);

        var html = await (await alice.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("Checklist: usual-suspects", html, StringComparison.Ordinal);
        Assert.Contains("DNS: check that names resolve, and to the right addresses", html, StringComparison.Ordinal);
        Assert.Contains($"/ui/incidents/{id}/checklists/usual-suspects/items/8", html, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}
