using System.Net;
using System.Text.Json;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// The Statuspage v2 public JSON under /api/v2: no credentials, Statuspage's field names and value
/// sets (wire-formats §3), and only what was said in public.
/// </summary>
public sealed class StatuspageApiTests : IAsyncDisposable
{
    private readonly FirebreakFactory _factory = new()
    {
        Config = """
            services:
              - name: checkout
              - name: search
            statusPage:
              name: Acme
              components:
                - name: Checkout
                  group: Shop
                  services: [checkout]
                - name: Search
                  group: Shop
                  services: [search]
                - name: API
                  services: [checkout, search]
            """,
    };

    private async Task<JsonElement> GetAsync(string path)
    {
        await _factory.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);
        using var anonymous = _factory.Anonymous();
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Summary_HasStatuspagesShape_AndOnlyPublicIncidents()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Card payments failing", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, "internal words");
        await admin.PostUpdateAsync(id, "We are investigating failed card payments.", "public", "investigating");
        await admin.PostUpdateAsync(id, "A fix is rolling out.", "public", "monitoring");
        var secret = (await admin.DeclareAsync(new { title = "Leaked keys", severity = "SEV-1", services = new[] { "search" }, @private = true })).Long("id");
        await admin.PostUpdateAsync(secret, "secret public words", "public", "investigating");

        var summary = await GetAsync("/api/v2/summary.json");
        Assert.Equal(["page", "components", "incidents", "scheduled_maintenances", "status"], summary.EnumerateObject().Select(p => p.Name));
        var page = summary.GetProperty("page");
        Assert.Equal(("Acme", "Etc/UTC", 12), (page.Str("name"), page.Str("time_zone"), page.Str("id").Length));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", page.Str("updated_at"));
        Assert.Equal(("major", "Partial System Outage"), (summary.GetProperty("status").Str("indicator"), summary.GetProperty("status").Str("description")));

        var components = summary.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["Shop", "Checkout", "Search", "API"], components.Select(c => c.Str("name")));
        var shop = components[0];
        Assert.True(shop.GetProperty("group").GetBoolean());
        Assert.Equal([components[1].Str("id"), components[2].Str("id")], shop.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal((shop.Str("id"), "partial_outage"), (components[1].Str("group_id"), components[1].Str("status")));
        Assert.Equal(("operational", "partial_outage"), (components[2].Str("status"), components[3].Str("status")));
        Assert.False(components[3].TryGetProperty("components", out _));
        Assert.Equal(JsonValueKind.Null, components[3].GetProperty("group_id").ValueKind);
        foreach (var field in new[] { "id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded" })
        {
            Assert.True(components[1].TryGetProperty(field, out _), $"a component has no '{field}'");
        }

        var incident = summary.GetProperty("incidents").EnumerateArray().Single();
        Assert.Equal(("Card payments failing", "monitoring", "major"), (incident.Str("name"), incident.Str("status"), incident.Str("impact")));
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("resolved_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, incident.GetProperty("monitoring_at").ValueKind);
        var updates = incident.GetProperty("incident_updates").EnumerateArray().ToList();
        Assert.Equal(["A fix is rolling out.", "We are investigating failed card payments."], updates.Select(u => u.Str("body")));
        Assert.Equal(["monitoring", "investigating"], updates.Select(u => u.Str("status")));
        Assert.Equal(incident.Str("id"), updates[0].Str("incident_id"));
        Assert.Equal(["Checkout", "API"], incident.GetProperty("components").EnumerateArray().Select(c => c.Str("name")));
        Assert.Empty(summary.GetProperty("scheduled_maintenances").EnumerateArray());
        Assert.DoesNotContain("internal words", summary.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Leaked", summary.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret public words", summary.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpoint_AnswersWithoutCredentials_WithItsTopLevelKeys()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Search slow", severity = "SEV-3", services = new[] { "search" } })).Long("id");
        await admin.PostUpdateAsync(id, "Search is slow.", "public", "investigating");
        await admin.PostUpdateAsync(id, "Search is fast again.", "public", "resolved");

        Assert.Equal(["page", "status"], (await GetAsync("/api/v2/status.json")).EnumerateObject().Select(p => p.Name));
        Assert.Equal("none", (await GetAsync("/api/v2/status.json")).GetProperty("status").Str("indicator"));
        Assert.Equal(["page", "components"], (await GetAsync("/api/v2/components.json")).EnumerateObject().Select(p => p.Name));
        var all = (await GetAsync("/api/v2/incidents.json")).GetProperty("incidents").EnumerateArray().Single();
        Assert.Equal(("resolved", "minor"), (all.Str("status"), all.Str("impact")));
        Assert.Empty((await GetAsync("/api/v2/incidents/unresolved.json")).GetProperty("incidents").EnumerateArray());
        foreach (var path in new[] { "/api/v2/scheduled-maintenances.json", "/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json" })
        {
            Assert.Empty((await GetAsync(path)).GetProperty("scheduled_maintenances").EnumerateArray());
        }

        using var anonymous = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v2/nothing.json")).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
