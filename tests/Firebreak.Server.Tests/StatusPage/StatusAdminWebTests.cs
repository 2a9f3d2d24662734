using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// The web side of the status page: /admin/status for a signed-in responder (components, maintenance,
/// every text inert), its schedule form, and the incident room's impact form.
/// </summary>
public sealed class StatusAdminWebTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public StatusAdminWebTests() => _factory = new FirebreakFactory { Config = StatusPageKit.Config, Clock = _clock, SchedulerLoop = false };

    private async Task<WebSession> ResponderAsync()
    {
        (await _factory.UserAsync("rita")).Dispose();
        return await WebSession.SignInAsync(_factory, "rita", FirebreakFactory.UserPassword);
    }

    [Fact]
    public async Task TheAdminPage_ListsComponentsAndMaintenance_ForAResponder_WithHostileTextEscaped()
    {
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/maintenances", new
        {
            title = "<script>alert(1)</script> upgrade",
            message = "<img src=x onerror=alert(1)>",
            components = new[] { "Search" },
            startsAt = ResponseApi.Start.AddHours(2),
            endsAt = ResponseApi.Start.AddHours(3),
        }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/status/components/API/status", new { status = "major_outage", reason = "Gateway <b>down</b>" }));
        await _factory.RebuildAsync();
        using var web = await ResponderAsync();

        using var response = await web.GetAsync("/admin/status");
        await HttpAssert.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<table id=\"components\">", html, StringComparison.Ordinal);
        Assert.Contains("<td>Checkout (Shop)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Search (Shop)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>API</td>", html, StringComparison.Ordinal);
        Assert.Contains("major outage by admin: Gateway &lt;b&gt;down&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"maintenances\">", html, StringComparison.Ordinal);
        Assert.Contains("MNT-1 &lt;script&gt;alert(1)&lt;/script&gt; upgrade", html, StringComparison.Ordinal);
        Assert.Contains("2026-03-14 11:00 – 2026-03-14 12:00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>down</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/ui/maintenances\"", html, StringComparison.Ordinal);
        // The corrections form is for admins only.
        Assert.DoesNotContain("action=\"/ui/status/corrections\"", html, StringComparison.Ordinal);

        using var anonymous = WebSession.Anonymous(_factory);
        using var signedOut = await anonymous.GetAsync("/admin/status");
        Assert.NotEqual(HttpStatusCode.OK, signedOut.StatusCode);
    }

    [Fact]
    public async Task TheScheduleForm_CreatesAMaintenance_AndRedirectsBackWithANotice()
    {
        using var web = await ResponderAsync();

        using var posted = await web.PostFormAsync("/admin/status", "/ui/maintenances",
        [
            ("title", "Search reindex"),
            ("message", "Search results may be stale."),
            ("components", "Search"),
            ("components", "API"),
            ("startsAt", "2026-03-14T11:00"),
            ("endsAt", "2026-03-14T12:30"),
        ]);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/status?notice=", location, StringComparison.Ordinal);
        Assert.Contains("MNT-1", Uri.UnescapeDataString(location), StringComparison.Ordinal);
        using var admin = _factory.Admin();
        var maintenance = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/maintenances"))).Items());
        Assert.Equal(("MNT-1", "Search reindex", "rita", "scheduled"), (maintenance.Str("key"), maintenance.Str("title"), maintenance.Str("createdBy"), maintenance.Str("status")));
        Assert.Equal(["Search", "API"], maintenance.GetProperty("components").Strings());
        Assert.Equal((ResponseApi.Start.AddHours(2), ResponseApi.Start.AddHours(3.5)), (maintenance.GetProperty("startsAt").GetDateTimeOffset(), maintenance.GetProperty("endsAt").GetDateTimeOffset()));

        using var back = await web.GetAsync(location);
        var html = await back.Content.ReadAsStringAsync();
        Assert.Contains("Scheduled MNT-1", html, StringComparison.Ordinal);
        Assert.Contains("MNT-1 Search reindex", html, StringComparison.Ordinal);

        // A bad window comes back with the error, and schedules nothing.
        using var bad = await web.PostFormAsync("/admin/status", "/ui/maintenances",
            [("title", "Backwards"), ("message", "x"), ("components", "API"), ("startsAt", "2026-03-14T12:00"), ("endsAt", "2026-03-14T11:00")]);
        Assert.Equal(HttpStatusCode.SeeOther, bad.StatusCode);
        Assert.StartsWith("/admin/status?error=", bad.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/maintenances"))).Items());
    }

    [Fact]
    public async Task TheRoomsImpactForm_ChangesTheIncidentsImpact()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "API errors", severity = "SEV-3", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, "We are investigating API errors.", "public", "investigating");
        // Not stated: the severity's impact on the components of its services.
        var before = await _factory.PublicStatusesAsync();
        Assert.Equal(("degraded_performance", "degraded_performance", "operational"), (before["Checkout"], before["API"], before["Search"]));
        using var web = await ResponderAsync();

        using var room = await web.GetAsync($"/incidents/{id}");
        var roomHtml = await room.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"/ui/incidents/{id}/impact\"", roomHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"impact:API\"", roomHtml, StringComparison.Ordinal);

        using var posted = await web.PostFormAsync($"/incidents/{id}", $"/ui/incidents/{id}/impact",
            [("impact:API", "major_outage"), ("impact:Checkout", "operational"), ("impact:Search", "")]);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.StartsWith($"/incidents/{id}", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var incident = await admin.GetIncidentAsync(id);
        var impact = incident.GetProperty("componentImpact");
        Assert.Equal(("major_outage", "operational"), (impact.GetProperty("API").GetString(), impact.GetProperty("Checkout").GetString()));
        Assert.False(impact.TryGetProperty("Search", out _), "an empty field must leave the component as it is");
        var after = await _factory.PublicStatusesAsync();
        Assert.Equal(("major_outage", "operational", "operational"), (after["API"], after["Checkout"], after["Search"]));
        Assert.Contains((await admin.TimelineAsync(id, "?limit=1000")).Items(), i => i.Str("kind") == "impact" && i.Str("actor") == "rita");
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
