using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Alerts;

/// <summary>Integrations made through the API: the key shown once, working at once, re-keyed and removed; bad ones refused naming the field.</summary>
public sealed class IntegrationApiTests : IAsyncDisposable
{
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly FirebreakFactory _factory;

    static IntegrationApiTests() => Environment.SetEnvironmentVariable("FB_INT_KEY_" + Suffix, "yaml-key-" + Guid.NewGuid().ToString("N"));

    public IntegrationApiTests() => _factory = new FirebreakFactory
    {
        Clock = new Firebreak.Testing.FakeClock(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero)),
        SchedulerLoop = false,
        Config = $"alerts:\n  integrations:\n    - name: from-yaml\n      source: grafana\n      keyEnv: FB_INT_KEY_{Suffix}\n",
    };

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task<HttpStatusCode> PostAlertAsync(string key)
    {
        using var client = _factory.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var body = new StringContent("""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"A","team":"payments"},"fingerprint":"f1"}]}""", Encoding.UTF8, "application/json");
        return (await client.PostAsync("/intake/alertmanager", body)).StatusCode;
    }

    [Fact]
    public async Task AnAdminMakesOne_TheKeyIsShownOnce_WorksAtOnce_RotatesAndIsRemoved()
    {
        using var admin = _factory.Admin();
        var made = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new
        {
            name = "prod-alertmanager",
            source = "alertmanager",
            routes = new[] { new { match = new Dictionary<string, string> { ["team"] = "payments" }, service = "Checkout" } },
            declare = new[] { new { match = new Dictionary<string, string> { ["severity"] = "critical" }, severity = "sev1", status = "investigating" } },
        }), HttpStatusCode.Created);
        var key = made.Str("key");
        Assert.Equal(32, key.Length);
        Assert.Equal("/intake/alertmanager", made.Str("endpoint"));
        Assert.Contains("only time the key is shown", made.Str("note"), StringComparison.Ordinal);

        var list = await (await admin.GetAsync("/api/v1/integrations")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        var items = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/integrations"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["from-yaml", "prod-alertmanager"], items.Select(i => i.Str("name")));
        var stored = items[1];
        Assert.Equal(("api", key[^4..], "checkout", "SEV-1", "investigating"), (stored.Str("from"), stored.Str("keyHint"), stored.GetProperty("routes")[0].Str("service"), stored.GetProperty("declare")[0].Str("severity"), stored.GetProperty("declare")[0].Str("status")));
        Assert.Equal("firebreak.yaml", items[0].Str("from"));

        Assert.Equal(HttpStatusCode.OK, await PostAlertAsync(key));
        Assert.Equal("checkout", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("service"));

        var rotated = await HttpAssert.JsonAsync(await admin.PostAsync("/api/v1/integrations/prod-alertmanager/rotate-key", null));
        Assert.NotEqual(key, rotated.Str("key"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAlertAsync(key));
        Assert.Equal(HttpStatusCode.OK, await PostAlertAsync(rotated.Str("key")));

        await HttpAssert.JsonAsync(await admin.DeleteAsync("/api/v1/integrations/prod-alertmanager"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAlertAsync(rotated.Str("key")));
        await HttpAssert.ProblemAsync(await admin.DeleteAsync("/api/v1/integrations/prod-alertmanager"), HttpStatusCode.NotFound);
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/integrations"))).GetProperty("items").EnumerateArray());

        // Made again after its removal: a new key.
        var again = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "prod-alertmanager", source = "alertmanager" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, await PostAlertAsync(again.Str("key")));
    }

    [Fact]
    public async Task BadOnes_AreRefusedNamingTheField_AndOnlyAdminsMayTouchThem()
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "Prod AM", source = "alertmanager" }), "name", "lowercase");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "nagios" }), "source", "alertmanager, grafana, prometheus, pagerduty");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", window = "forever" }), "window");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", flapChanges = 1 }), "flapChanges");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", declare = new[] { new { severity = "SEV-9" } } }), "declare[0].severity", "SEV-1");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", declare = new[] { new { severity = "SEV-2", status = "resolved" } } }), "declare[0].status", "triage");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", routes = new[] { new { service = "" } } }), "routes[0].service");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana", key = "mine" }), "key");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "from-yaml", source = "grafana" }), HttpStatusCode.Conflict, "firebreak.yaml");
        await HttpAssert.ProblemAsync(await admin.PostAsync("/api/v1/integrations/from-yaml/rotate-key", null), HttpStatusCode.NotFound, "firebreak.yaml");
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana" }), HttpStatusCode.Created);
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "x", source = "grafana" }), HttpStatusCode.Conflict, "already");

        using var responder = await _factory.UserAsync("rory");
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync("/api/v1/integrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.PostAsJsonAsync("/api/v1/integrations", new { name = "y", source = "grafana" })).StatusCode);
        Assert.Equal(2, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/integrations"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ThePage_ShowsTheNewKeyOnceOnThePage_NeverInAUrl_AndIsForAdminsOnly()
    {
        await _factory.UserAsync("ada", "admin");
        using var web = await WebSession.SignInAsync(_factory, "ada", FirebreakFactory.UserPassword);
        var made = await web.PostFormAsync("/admin/integrations", "/ui/admin/integrations", [("name", "grafana-prod"), ("source", "grafana"), ("service", "web"), ("severity", "SEV-3"), ("status", "triage")]);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var html = await made.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, "id=\"new-key\">([0-9a-f]{32})<").Groups[1].Value;
        Assert.Equal(32, key.Length);
        Assert.Contains("<code id=\"new-endpoint\">/intake/grafana</code>", html, StringComparison.Ordinal);

        var listed = await (await web.GetAsync("/admin/integrations")).Content.ReadAsStringAsync();
        Assert.Contains("grafana-prod", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        using var admin = _factory.Admin();
        var stored = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/integrations"))).GetProperty("items")[1];
        Assert.Equal(("SEV-3", "triage"), (stored.GetProperty("declare")[0].Str("severity"), stored.GetProperty("declare")[0].Str("status")));

        var refused = await web.PostFormAsync("/admin/integrations", "/ui/admin/integrations", [("name", "grafana-prod"), ("source", "grafana")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rotated = await web.PostFormAsync("/admin/integrations", "/ui/admin/integrations/grafana-prod/rotate-key", []);
        Assert.DoesNotContain(key, await rotated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var removed = await web.PostFormAsync("/admin/integrations", "/ui/admin/integrations/grafana-prod/remove", []);
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.DoesNotContain("?", removed.Headers.Location!.OriginalString.Replace("?notice=", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        await _factory.UserAsync("rex");
        using var responder = await WebSession.SignInAsync(_factory, "rex", FirebreakFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Found, (await responder.GetAsync("/admin/integrations")).StatusCode);   // sent to the access-denied page, as for every admin page
    }

    [Fact]
    public async Task AWebhookIntegration_ReadsAnyJsonThroughItsMapping()
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new { name = "uptime", source = "webhook" }), "mapping", "needs a mapping");
        var made = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/integrations", new
        {
            name = "uptime",
            source = "webhook",
            service = "checkout",
            mapping = new { title = "check.name", fingerprint = "check.id", status = "state", firing = new[] { "down" }, labels = "check.tags" },
            declare = new[] { new { severity = "SEV-3" } },
        }), HttpStatusCode.Created);
        Assert.Equal("/intake/webhook", made.Str("endpoint"));
        Assert.Equal("check.name", made.GetProperty("integration").GetProperty("mapping").Str("title"));

        using var sender = _factory.Anonymous();
        sender.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Str("key"));
        var down = await HttpAssert.JsonAsync(await sender.PostAsJsonAsync("/intake/webhook", new { state = "DOWN", check = new { id = "c-17", name = "checkout.example.com is down", tags = new { region = "eu" } } }));
        Assert.Equal(1, down.GetProperty("changed").GetInt32());
        await _factory.RunSchedulerAsync();
        Assert.Equal("SEV-3", Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").EnumerateArray()).Str("severity"));

        await HttpAssert.JsonAsync(await sender.PostAsJsonAsync("/intake/webhook", new { state = "UP", check = new { id = "c-17", name = "checkout.example.com is up" } }));
        Assert.Equal("resolved", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("status"));
        await HttpAssert.InvalidAsync(await sender.PostAsJsonAsync("/intake/webhook", new { state = "DOWN" }), "body.check.name");
        using var stranger = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync("/intake/webhook", new { })).StatusCode);
    }
}
