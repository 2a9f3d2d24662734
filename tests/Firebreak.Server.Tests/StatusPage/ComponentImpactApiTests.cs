using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// An incident's impact stated per status page component (on declare and with POST .../impact):
/// the public page shows it once a public update is out and never for a private incident; a
/// refused statement changes nothing.
/// </summary>
public sealed class ComponentImpactApiTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new() { Config = StatusPageKit.Config };

    [Fact]
    public async Task DeclaredImpact_IsShownOnlyOnceAPublicUpdateIsOut_AndMovesWithEachStatement()
    {
        using var admin = _factory.Admin();
        var declared = await admin.DeclareAsync(new { title = "API errors", severity = "SEV-3", services = new[] { "checkout" }, components = new Dictionary<string, string> { ["API"] = "major_outage" } });
        var id = declared.Long("id");
        Assert.Equal("major_outage", declared.GetProperty("componentImpact").GetProperty("API").GetString());

        // No public update yet: the incident is not on the page at all.
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
        await admin.PostUpdateAsync(id, "Internal: the gateway pool is exhausted");
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
        Assert.DoesNotContain("API errors", await _factory.PublicTextAsync("/status"), StringComparison.Ordinal);

        await admin.PostUpdateAsync(id, "We are investigating API errors.", "public", "investigating");
        var shown = await _factory.PublicStatusesAsync();
        Assert.Equal("major_outage", shown["API"]);
        // The stated impact replaces the severity's impact on the components of its services.
        Assert.Equal(("operational", "operational"), (shown["Checkout"], shown["Search"]));

        var changed = await admin.CommandAsync(id, "impact", new { components = new Dictionary<string, string> { ["api"] = "degraded_performance", ["Search"] = "partial_outage" } });
        Assert.Equal("degraded_performance", changed.GetProperty("componentImpact").GetProperty("API").GetString());
        Assert.Equal("partial_outage", changed.GetProperty("componentImpact").GetProperty("Search").GetString());
        shown = await _factory.PublicStatusesAsync();
        Assert.Equal(("degraded_performance", "partial_outage", "operational"), (shown["API"], shown["Search"], shown["Checkout"]));

        var off = await admin.CommandAsync(id, "impact", new { components = new Dictionary<string, string> { ["API"] = "operational" } });
        Assert.Equal("operational", off.GetProperty("componentImpact").GetProperty("API").GetString());
        shown = await _factory.PublicStatusesAsync();
        Assert.Equal(("operational", "partial_outage"), (shown["API"], shown["Search"]));

        var timeline = (await admin.TimelineAsync(id, "?limit=1000")).Items();
        var impacts = timeline.Where(i => i.Str("kind") == "impact").Select(i => i.Str("text")).ToList();
        Assert.Contains("Impact: API major outage", impacts);
        Assert.Contains(impacts, t => t.Contains("API degraded performance", StringComparison.Ordinal) && t.Contains("Search partial outage", StringComparison.Ordinal));
        Assert.Contains("Impact: API operational", impacts);
    }

    [Fact]
    public async Task AnUnknownComponent_Is400NamingTheComponents_AndChangesNothing()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "API errors", severity = "SEV-2", components = new Dictionary<string, string> { ["API"] = "partial_outage" } })).Long("id");
        await admin.PostUpdateAsync(id, "We are investigating API errors.", "public", "investigating");
        var before = await admin.SnapshotAsync(id);

        // One good and one unknown: nothing is partly accepted.
        var response = await admin.PostAsJsonAsync(IncidentApi.Url(id, "impact"), new { components = new Dictionary<string, string> { ["API"] = "major_outage", ["Billing"] = "major_outage" } });
        await HttpAssert.InvalidAsync(response, "components", "Billing", "Checkout, Search, API");
        var badStatus = await admin.PostAsJsonAsync(IncidentApi.Url(id, "impact"), new { components = new Dictionary<string, string> { ["API"] = "under_maintenance" } });
        await HttpAssert.InvalidAsync(badStatus, "components", "under_maintenance");
        var empty = await admin.PostAsJsonAsync(IncidentApi.Url(id, "impact"), new { components = new Dictionary<string, string>() });
        await HttpAssert.InvalidAsync(empty, "components");

        var after = await admin.SnapshotAsync(id);
        Assert.Equal(before, after);
        Assert.Equal("partial_outage", (await _factory.PublicStatusesAsync())["API"]);

        // Declaring with an unknown component is refused the same way, and declares nothing.
        var total = await admin.TotalAsync();
        var declare = await admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Billing down", severity = "SEV-2", components = new Dictionary<string, string> { ["Billing"] = "major_outage" } });
        await HttpAssert.InvalidAsync(declare, "components", "Billing", "Checkout, Search, API");
        Assert.Equal(total, await admin.TotalAsync());
    }

    [Fact]
    public async Task AViewer_CannotStateImpact()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync("API errors");
        var before = await admin.SnapshotAsync(id);
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var response = await viewer.PostAsJsonAsync(IncidentApi.Url(id, "impact"), new { components = new Dictionary<string, string> { ["API"] = "major_outage" } });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task APrivateIncidentsImpact_NeverReachesThePage_TheSummaryOrTheFeed()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Leaked signing keys", severity = "SEV-1", @private = true, components = new Dictionary<string, string> { ["API"] = "major_outage" } })).Long("id");
        await admin.PostUpdateAsync(id, "Rotating keys, API calls may fail.", "public", "investigating");
        await admin.CommandAsync(id, "impact", new { components = new Dictionary<string, string> { ["Checkout"] = "partial_outage" } });

        var statuses = await _factory.PublicStatusesAsync();
        Assert.All(statuses.Values, s => Assert.Equal("operational", s));

        var summary = await _factory.PublicJsonAsync("/api/v2/summary.json");
        Assert.Empty(summary.GetProperty("incidents").EnumerateArray());
        Assert.Equal("none", summary.GetProperty("status").Str("indicator"));
        Assert.All(summary.GetProperty("components").EnumerateArray(), c => Assert.Equal("operational", c.Str("status")));
        Assert.DoesNotContain("Leaked", summary.GetRawText(), StringComparison.Ordinal);

        var page = await _factory.PublicTextAsync("/status");
        Assert.Contains("All Systems Operational", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Leaked", page, StringComparison.Ordinal);
        Assert.DoesNotContain("major-outage", page, StringComparison.Ordinal);
        Assert.DoesNotContain("partial-outage", page, StringComparison.Ordinal);

        var feed = await _factory.PublicTextAsync("/status/feed.atom");
        Assert.DoesNotContain("Leaked", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("Rotating keys", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestatingTheSameImpact_RecordsNothing()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "API errors", severity = "SEV-2", components = new Dictionary<string, string> { ["API"] = "partial_outage" } })).Long("id");
        var before = await admin.SnapshotAsync(id);

        var again = await admin.CommandAsync(id, "impact", new { components = new Dictionary<string, string> { ["API"] = "partial_outage", ["Search"] = "operational" } });

        Assert.Equal(before.Version, again.Long("version"));
        Assert.Equal(before.TimelineItems, (await admin.SnapshotAsync(id)).TimelineItems);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
