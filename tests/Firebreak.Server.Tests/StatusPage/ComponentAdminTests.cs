using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// A component's status set by hand (an admin, or the comms lead of an active incident affecting it)
/// wins over incidents until put back to automatic, and is in the audit log; corrections of the uptime
/// history are for admins only.
/// </summary>
public sealed class ComponentAdminTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public ComponentAdminTests() => _factory = new FirebreakFactory { Config = StatusPageKit.Config, Clock = _clock };

    private static string StatusUrl(string component) => $"/api/v1/status/components/{component}/status";

    private async Task<long> PublicIncidentOnApiAsync(HttpClient admin, string impact)
    {
        var id = (await admin.DeclareAsync(new { title = "API errors", severity = "SEV-2", components = new Dictionary<string, string> { ["API"] = impact } })).Long("id");
        await admin.PostUpdateAsync(id, "We are investigating API errors.", "public", "investigating");
        return id;
    }

    [Fact]
    public async Task AnAdmin_SetsAStatusByHand_ThatWinsOverTheIncident_UntilPutBackToAutomatic_AndItIsAudited()
    {
        using var admin = _factory.Admin();
        await PublicIncidentOnApiAsync(admin, "degraded_performance");
        Assert.Equal("degraded_performance", (await _factory.PublicStatusesAsync())["API"]);

        var set = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage", reason = "Gateway fully down, confirmed by synthetic checks" }));
        Assert.Equal(("API", "major_outage"), (set.Str("name"), set.GetProperty("setByHand").Str("status")));
        Assert.Equal("Gateway fully down, confirmed by synthetic checks", set.GetProperty("setByHand").Str("reason"));
        Assert.Equal("major_outage", (await _factory.PublicStatusesAsync())["API"]);

        // Set by hand to better than the incident says: the hand still wins.
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(StatusUrl("api"), new { status = "operational", reason = "Customers are not affected" }));
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);

        var automatic = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "automatic", reason = "Back to the incident's word" }));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, automatic.GetProperty("setByHand").ValueKind);
        Assert.Equal("degraded_performance", (await _factory.PublicStatusesAsync())["API"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await admin.AdminComponentAsync("API")).GetProperty("setByHand").ValueKind);

        var audit = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit?kind=component-status-set"))).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal("admin", e.Str("actor")));
        Assert.Contains(audit, e => e.Str("detail").Contains("major_outage", StringComparison.Ordinal) && e.Str("detail").Contains("Gateway fully down, confirmed by synthetic checks", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Str("detail").Contains("automatic", StringComparison.Ordinal) && e.Str("detail").Contains("Back to the incident's word", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SettingByHand_IsRefused_WithoutAReason_ForAnUnknownComponent_OrWithNothingToClear()
    {
        using var admin = _factory.Admin();
        await _factory.PublicStatusesAsync();   // the snapshot (the uptime comes from it) is built before the first read
        var before = await admin.AdminComponentAsync("API");

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage" }), "reason");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage", reason = "   " }), "reason");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "on_fire", reason = "x" }), "status", "on_fire");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(StatusUrl("API"), new { status = "automatic", reason = "nothing set" }), "status");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync(StatusUrl("Billing"), new { status = "major_outage", reason = "x" }), HttpStatusCode.NotFound, "Billing", "Checkout, Search, API");

        Assert.Equal(before.Normalized(), (await admin.AdminComponentAsync("API")).Normalized());
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["API"]);
        Assert.Empty((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit?kind=component-status-set"))).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task OnlyTheCommsLeadOfAnActiveIncidentAffectingIt_MaySetItByHand_BesidesAdmins()
    {
        using var admin = _factory.Admin();
        var id = await PublicIncidentOnApiAsync(admin, "partial_outage");
        using var bob = await _factory.UserAsync("bob");

        await HttpAssert.ProblemAsync(await bob.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage", reason = "Everything is down" }), HttpStatusCode.Forbidden);
        Assert.Equal("partial_outage", (await _factory.PublicStatusesAsync())["API"]);

        await admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "bob" });
        var set = await HttpAssert.JsonAsync(await bob.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage", reason = "Everything is down" }));
        Assert.Equal("bob", set.GetProperty("setByHand").Str("by"));
        Assert.Equal("major_outage", (await _factory.PublicStatusesAsync())["API"]);

        // Comms lead of an incident that does not affect Search: no say over it.
        await HttpAssert.ProblemAsync(await bob.PostAsJsonAsync(StatusUrl("Search"), new { status = "major_outage", reason = "Just in case" }), HttpStatusCode.Forbidden);
        Assert.Equal("operational", (await _factory.PublicStatusesAsync())["Search"]);

        var entry = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit?kind=component-status-set"))).GetProperty("entries").EnumerateArray());
        Assert.Equal("bob", entry.Str("actor"));
        Assert.Contains("Everything is down", entry.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrections_AreForAdmins_NeedAPastPeriod_AndShowOnTheComponent()
    {
        using var admin = _factory.Admin();
        using var bob = await _factory.UserAsync("bob");
        var from = ResponseApi.Start.AddHours(-3);
        var to = ResponseApi.Start.AddHours(-2);
        var body = new { from, to, status = "operational", reason = "The probe was misconfigured" };

        using (var refused = await bob.PostAsJsonAsync("/api/v1/status/components/API/corrections", body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/status/components/API/corrections", new { from = to, to = from, status = "operational", reason = "backwards" }), "to");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/status/components/API/corrections", new { from, to = ResponseApi.Start.AddHours(1), status = "operational", reason = "the future" }), "to");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/status/components/API/corrections", new { from, to, status = "operational" }), "reason");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/status/components/Billing/corrections", body), HttpStatusCode.NotFound, "Billing");
        Assert.Empty((await admin.AdminComponentAsync("API")).GetProperty("corrections").EnumerateArray());

        var corrected = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/status/components/API/corrections", body));
        var correction = Assert.Single(corrected.GetProperty("corrections").EnumerateArray());
        Assert.Equal((from, to, "operational", "The probe was misconfigured", "admin"), (correction.GetProperty("from").GetDateTimeOffset(), correction.GetProperty("to").GetDateTimeOffset(), correction.Str("status"), correction.Str("reason"), correction.Str("by")));
        Assert.Single((await admin.AdminComponentAsync("API")).GetProperty("corrections").EnumerateArray());
        Assert.Empty((await admin.AdminComponentAsync("Search")).GetProperty("corrections").EnumerateArray());
        var audit = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit?kind=uptime-corrected"))).GetProperty("entries").EnumerateArray());
        Assert.Contains("The probe was misconfigured", audit.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommsLeadOfAResolvedIncident_NoLongerMaySetIt()
    {
        using var admin = _factory.Admin();
        var id = await PublicIncidentOnApiAsync(admin, "partial_outage");
        using var bob = await _factory.UserAsync("bob");
        await admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "bob" });
        await admin.ResolveAsync(id);

        await HttpAssert.ProblemAsync(await bob.PostAsJsonAsync(StatusUrl("API"), new { status = "major_outage", reason = "Late word" }), HttpStatusCode.Forbidden);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await admin.AdminComponentAsync("API")).GetProperty("setByHand").ValueKind);
    }

    [Fact]
    public async Task TheAdminPagesSetForm_IsRefusedForAResponderWhoIsNotCommsLead_AndWorksForAnAdmin()
    {
        using var admin = _factory.Admin();
        (await _factory.UserAsync("bob")).Dispose();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "root", role = "admin", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);

        using (var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword))
        {
            using var refused = await bob.PostFormAsync("/admin/status", "/ui/status/components/API/status", [("status", "major_outage"), ("reason", "I think so")]);
            Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
            Assert.StartsWith("/admin/status?error=", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, (await admin.AdminComponentAsync("API")).GetProperty("setByHand").ValueKind);
        }

        using var root = await WebSession.SignInAsync(_factory, "root", FirebreakFactory.UserPassword);
        using var set = await root.PostFormAsync("/admin/status", "/ui/status/components/API/status", [("status", "major_outage"), ("reason", "Gateway down")]);
        Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        Assert.StartsWith("/admin/status?notice=", set.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(("major_outage", "root"), ((await admin.AdminComponentAsync("API")).GetProperty("setByHand").Str("status"), (await admin.AdminComponentAsync("API")).GetProperty("setByHand").Str("by")));
        Assert.Equal("major_outage", (await _factory.PublicStatusesAsync())["API"]);
    }

    [Fact]
    public async Task AStatusSetByHand_ReachesThePublicJson_WithoutAnExplicitRebuild()
    {
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(StatusUrl("Search"), new { status = "partial_outage", reason = "Index shards lost" }));

        using var anonymous = _factory.Anonymous();
        var seen = "none";
        for (var attempt = 0; attempt < 100 && seen != "partial_outage"; attempt++)
        {
            // Before the first build the page answers 503; that is "not yet" too.
            using var response = await anonymous.GetAsync(StatusPageKit.ComponentsJson);
            seen = response.StatusCode != HttpStatusCode.OK ? $"{(int)response.StatusCode}"
                : (await HttpAssert.JsonAsync(response)).GetProperty("components").EnumerateArray().Single(c => c.Str("name") == "Search").Str("status");
            if (seen != "partial_outage")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("partial_outage", seen);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
