using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Alerts;

/// <summary>
/// The receivers over HTTP, each answering as its sender expects; the groups they make; the auto-declare
/// that opens one incident per service and attaches the next group to it; people's commands on a group.
/// </summary>
public sealed class AlertIntakeTests : IAsyncDisposable
{
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private static readonly string AlertmanagerKey = "am-key-" + Guid.NewGuid().ToString("N");
    private static readonly string GrafanaKey = "gr-key-" + Guid.NewGuid().ToString("N");
    private static readonly string PrometheusKey = "pr-key-" + Guid.NewGuid().ToString("N");
    private static readonly string RoutingKey = Guid.NewGuid().ToString("N");   // 32 characters, as PagerDuty's are

    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly FirebreakFactory _factory;

    static AlertIntakeTests()
    {
        Environment.SetEnvironmentVariable("FB_AM_KEY_" + Suffix, AlertmanagerKey);
        Environment.SetEnvironmentVariable("FB_GR_KEY_" + Suffix, GrafanaKey);
        Environment.SetEnvironmentVariable("FB_PR_KEY_" + Suffix, PrometheusKey);
        Environment.SetEnvironmentVariable("FB_PD_KEY_" + Suffix, RoutingKey);
    }

    public AlertIntakeTests() => _factory = new FirebreakFactory
    {
        Clock = _clock,
        SchedulerLoop = false,
        Config = $"""
            alerts:
              integrations:
                - name: prometheus
                  source: alertmanager
                  keyEnv: FB_AM_KEY_{Suffix}
                  routes:
                    - match: {"{"}team: payments{"}"}
                      service: checkout
                  declare:
                    - match: {"{"}severity: critical{"}"}
                      severity: SEV-2
                      status: investigating
                - name: grafana
                  source: grafana
                  keyEnv: FB_GR_KEY_{Suffix}
                  service: web
                - name: direct
                  source: prometheus
                  keyEnv: FB_PR_KEY_{Suffix}
                  declare:
                    - severity: SEV-3
                - name: pd
                  source: pagerduty
                  keyEnv: FB_PD_KEY_{Suffix}
                  service: checkout
            """,
    };

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static string Alertmanager(string status, string team, params (string Instance, string Status)[] alerts) => JsonSerializer.Serialize(new
    {
        receiver = "firebreak",
        status,
        alerts = alerts.Select(a => new
        {
            status = a.Status,
            labels = new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["instance"] = a.Instance, ["severity"] = "critical", ["team"] = team },
            annotations = new Dictionary<string, string> { ["summary"] = $"5xx above 5% on {a.Instance}" },
            startsAt = "2026-03-01T09:58:00Z",
            endsAt = a.Status == "resolved" ? "2026-03-01T10:20:00Z" : "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus:9090/graph",
            fingerprint = "fp-" + a.Instance,
        }),
        groupLabels = new { alertname = "HighErrorRate" },
        commonLabels = new { alertname = "HighErrorRate" },
        commonAnnotations = new { },
        externalURL = "http://alertmanager:9093",
        version = "4",
        groupKey = "{}/{team=\"" + team + "\"}:{alertname=\"HighErrorRate\"}",
        truncatedAlerts = 0,
    });

    private HttpClient Sender(string? key)
    {
        var client = _factory.Anonymous();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> GroupsAsync(HttpClient admin, string query = "") =>
        (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups" + query))).GetProperty("items");

    [Fact]
    public async Task Alertmanager_NeedsTheKey_OneGroupPerAlertmanagerGroup_RepeatsChangeNothing_AndResolvedResolves()
    {
        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(await Sender(null).PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))), HttpStatusCode.Unauthorized, "Bearer");
        await HttpAssert.ProblemAsync(await Sender(GrafanaKey).PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))), HttpStatusCode.Unauthorized);
        Assert.Equal(0, (await GroupsAsync(admin)).GetArrayLength());

        using var sender = Sender(AlertmanagerKey);
        var first = await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing"), ("b", "firing")))));
        Assert.Equal((2, 2, "AG-1"), (first.GetProperty("alerts").GetInt32(), first.GetProperty("changed").GetInt32(), first.GetProperty("groups")[0].GetString()));
        var repeat = await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing"), ("b", "firing")))));
        Assert.Equal(0, repeat.GetProperty("changed").GetInt32());

        var group = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"));
        Assert.Equal(("firing", "checkout", 2, "prometheus"), (group.Str("status"), group.Str("service"), group.GetProperty("firing").GetInt32(), group.Str("integration")));
        Assert.Equal(["fp-a", "fp-b"], group.GetProperty("alertList").EnumerateArray().Select(a => a.Str("fingerprint")).Order());

        _clock.Advance(TimeSpan.FromMinutes(5));
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "resolved"), ("b", "firing")))));
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("resolved", "payments", ("b", "resolved")))));
        group = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/1"));
        Assert.Equal(("resolved", 0), (group.Str("status"), group.GetProperty("firing").GetInt32()));
        Assert.All(group.GetProperty("alertList").EnumerateArray(), a => Assert.Equal("resolved", a.Str("status")));

        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "search", ("c", "firing")))));
        Assert.Equal(["AG-2", "AG-1"], (await GroupsAsync(admin)).EnumerateArray().Select(g => g.Str("name")));
        Assert.Equal(["AG-2"], (await GroupsAsync(admin, "?status=firing")).EnumerateArray().Select(g => g.Str("name")));
    }

    [Fact]
    public async Task AutoDeclare_OpensOneIncidentForTheService_AndTheNextGroupOnItAttachesInsteadOfASecond()
    {
        using var admin = _factory.Admin();
        using var sender = Sender(AlertmanagerKey);
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))));
        Assert.True(await _factory.RunSchedulerAsync() >= 1);

        var incidents = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items");
        var incident = Assert.Single(incidents.EnumerateArray());
        Assert.Equal(("SEV-2", "investigating", "5xx above 5% on a"), (incident.Str("severity"), incident.Str("status"), incident.Str("title")));
        Assert.Equal(["checkout"], incident.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("INC-1", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("incident"));

        // PagerDuty's trigger for the same service: a second group, attached to the open incident.
        var trigger = new { routing_key = RoutingKey, event_action = "trigger", dedup_key = "checkout-latency", payload = new { summary = "checkout p99 above 2 s", source = "checkout-1", severity = "error" } };
        await HttpAssert.StatusAsync(await _factory.Anonymous().PostAsJsonAsync("/v2/enqueue", trigger), HttpStatusCode.Accepted);
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").EnumerateArray());
        Assert.Equal(["INC-1", "INC-1"], (await GroupsAsync(admin)).EnumerateArray().Select(g => g.Str("incident")));
        var timeline = await (await admin.GetAsync("/api/v1/incidents/1/timeline")).Content.ReadAsStringAsync();
        Assert.Contains("Alert group AG-2 fired and was attached: checkout p99 above 2 s", timeline, StringComparison.Ordinal);
        Assert.Equal(["AG-1", "AG-2"], (await GroupsAsync(admin, "?incident=INC-1")).EnumerateArray().Select(g => g.Str("name")).Order());
    }

    [Fact]
    public async Task ASilencedGroupOpensNothing_AndWithoutARuleOrAnOpenIncident_NothingIsDeclared()
    {
        using var admin = _factory.Admin();
        using var grafana = Sender(GrafanaKey);
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "grafana-firing.json"));
        await HttpAssert.JsonAsync(await grafana.PostAsync("/intake/grafana", Json(payload)));
        await _factory.RunSchedulerAsync();
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());
        var group = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"));
        Assert.Equal(("web", "CPU high on web1"), (group.Str("service"), group.Str("title")));

        using var sender = Sender(AlertmanagerKey);
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))));
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-2/silence", new { @for = "2h", reason = "Planned failover drill" }));
        await _factory.RunSchedulerAsync();
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task PagerDuty_AnswersInItsOwnShape_TriggerAcknowledgeResolve_AndRefusesBadEventsWithItsErrors()
    {
        using var admin = _factory.Admin();
        using var client = _factory.Anonymous();
        var accepted = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = RoutingKey, event_action = "trigger", payload = new { summary = "disk full", source = "db1", severity = "critical" } }), HttpStatusCode.Accepted);
        Assert.Equal(("success", "Event processed"), (accepted.Str("status"), accepted.Str("message")));
        var key = accepted.Str("dedup_key");
        Assert.Equal(32, key.Length);

        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = RoutingKey, event_action = "acknowledge", dedup_key = key }), HttpStatusCode.Accepted);
        Assert.Equal("acknowledged", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("status"));
        var resolved = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = RoutingKey, event_action = "resolve", dedup_key = key }), HttpStatusCode.Accepted);
        Assert.Equal(key, resolved.Str("dedup_key"));
        Assert.Equal("resolved", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/AG-1"))).Str("status"));
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = RoutingKey, event_action = "resolve", dedup_key = "never-seen" }), HttpStatusCode.Accepted);

        var wrongKey = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = new string('0', 32), event_action = "resolve", dedup_key = "k" }), HttpStatusCode.BadRequest);
        Assert.Equal(("invalid event", "Event object is invalid"), (wrongKey.Str("status"), wrongKey.Str("message")));
        Assert.Contains("routing_key", wrongKey.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        var shortKey = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/enqueue", new { routing_key = "abc", event_action = "trigger" }), HttpStatusCode.BadRequest);
        Assert.Equal("Length of 'routing_key' is incorrect (should be 32 characters)", shortKey.GetProperty("errors")[0].GetString());
        var garbage = await HttpAssert.JsonAsync(await client.PostAsync("/v2/enqueue", Json("{\"routing_key\":")), HttpStatusCode.BadRequest);
        Assert.Equal(("Unrecognized object", "JSON parse error"), (garbage.Str("status"), garbage.GetProperty("errors")[0].GetString()));
        var huge = await client.PostAsync("/v2/enqueue", Json("{\"routing_key\":\"" + new string('x', 1_100_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        Assert.Single((await GroupsAsync(admin)).EnumerateArray());
    }

    [Fact]
    public async Task Prometheus_PostsStraightToTheV2Api_GroupedByAlertnameAndService_AndBadAlertsGetAJsonString()
    {
        using var admin = _factory.Admin();
        using var prometheus = Sender(PrometheusKey);
        var alerts = Enumerable.Range(1, 3).Select(i => new { labels = new { alertname = "DiskFull", service = "storage", instance = $"db{i}" }, annotations = new { summary = "Disk almost full" } });
        var stored = await prometheus.PostAsJsonAsync("/intake/prometheus/api/v2/alerts", alerts);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var group = Assert.Single((await GroupsAsync(admin)).EnumerateArray());
        Assert.Equal((3, "storage"), (group.GetProperty("firing").GetInt32(), group.Str("service")));

        var bad = await prometheus.PostAsync("/intake/prometheus/api/v2/alerts", Json("[{\"labels\":{}}]"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("at least one label pair required", JsonSerializer.Deserialize<string>(await bad.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Sender(null).PostAsync("/intake/prometheus/api/v2/alerts", Json("[]"))).StatusCode);

        await _factory.RunSchedulerAsync();
        Assert.Equal("SEV-3", Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").EnumerateArray()).Str("severity"));
        Assert.Equal("triage", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents/1"))).Str("status"));
    }

    [Fact]
    public async Task AGroupsAlerts_ArePagedInFingerprintOrder_EachOnce_WithACursorThatEndsInNull()
    {
        using var admin = _factory.Admin();
        using var prometheus = Sender(PrometheusKey);
        var alerts = Enumerable.Range(1, 25).Select(i => new { labels = new { alertname = "NodeDown", service = "fleet", instance = $"node{i}" } });
        Assert.Equal(HttpStatusCode.OK, (await prometheus.PostAsJsonAsync("/intake/prometheus/api/v2/alerts", alerts)).StatusCode);
        var id = Assert.Single((await GroupsAsync(admin)).EnumerateArray()).GetProperty("id").GetInt64();

        var fingerprints = new List<string>();
        var pages = 0;
        string? after = string.Empty;
        while (after is not null)
        {
            var page = await HttpAssert.JsonAsync(await admin.GetAsync($"/api/v1/alert-groups/AG-{id}/alerts?limit=10&after={Uri.EscapeDataString(after)}"));
            fingerprints.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.Str("fingerprint")!));
            after = page.GetProperty("nextAfter").GetString();
            pages++;
        }

        Assert.Equal(25, fingerprints.Count);
        Assert.Equal(fingerprints.Order(StringComparer.Ordinal), fingerprints);
        Assert.Equal(fingerprints.Count, fingerprints.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, pages);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/v1/alert-groups/{id}/alerts?limit=1001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/v1/alert-groups/{id}/alerts?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/alert-groups/999/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.Anonymous().GetAsync($"/api/v1/alert-groups/{id}/alerts")).StatusCode);
    }

    [Fact]
    public async Task AnIntegrationKey_IsNeverTriedAsAnAccountsCredentials_SoASenderCostsNoSignInAndThrottlesNoOne()
    {
        using var admin = _factory.Admin();
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "grafana-firing.json"));
        using var basic = _factory.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + GrafanaKey)));
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await basic.PostAsync("/intake/grafana", Json(payload))).StatusCode);
        }

        using var bearer = Sender(PrometheusKey);
        Assert.Equal(HttpStatusCode.OK, (await bearer.PostAsJsonAsync("/intake/prometheus/api/v2/alerts", new[] { new { labels = new { alertname = "Up" } } })).StatusCode);

        var audit = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/audit"))).GetProperty("entries").EnumerateArray().Select(e => e.Str("kind")).ToList();
        Assert.DoesNotContain("sign-in-failed", audit);
        Assert.DoesNotContain("sign-in-throttled", audit);
    }

    [Fact]
    public async Task BadPayloads_GetA4xxNamingTheField_AndChangeNothing()
    {
        using var admin = _factory.Admin();
        using var sender = Sender(AlertmanagerKey);
        await HttpAssert.InvalidAsync(await sender.PostAsync("/intake/alertmanager", Json("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":1.5},\"startsAt\":\"soon\"}]}")), "alerts[0].startsAt");
        await HttpAssert.InvalidAsync(await sender.PostAsync("/intake/alertmanager", Json("{\"version\":\"1\",\"alerts\":[]}")), "version", "Alertmanager");
        await HttpAssert.InvalidAsync(await sender.PostAsync("/intake/alertmanager", Json("not json")), "body");
        await HttpAssert.InvalidAsync(await sender.PostAsync("/intake/alertmanager", Json("")), "body");
        await HttpAssert.InvalidAsync(await sender.PostAsync("/intake/alertmanager", Json("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\\u0000\"}}]}")), "alerts[0].labels.a");
        await HttpAssert.ProblemAsync(await sender.PostAsync("/intake/alertmanager", Json("[" + new string(' ', 1_100_000) + "]")), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await GroupsAsync(admin)).GetArrayLength());
    }

    [Fact]
    public async Task PeoplesCommands_AcknowledgeResolveSilence_NeedAWriter_AndBadOnesAreClear()
    {
        using var admin = _factory.Admin();
        using var reader = await _factory.UserAsync("rita", "viewer");
        using var sender = Sender(AlertmanagerKey);
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "search", ("a", "firing")))));

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/alert-groups/AG-1/acknowledge", new { })).StatusCode);
        Assert.Equal(1, (await HttpAssert.JsonAsync(await reader.GetAsync("/api/v1/alert-groups"))).GetProperty("items").GetArrayLength());
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-9/acknowledge", new { }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/alert-groups/nope"), HttpStatusCode.NotFound);
        await HttpAssert.InvalidAsync(await admin.GetAsync("/api/v1/alert-groups?status=burning"), "status", "firing");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-1/silence", new { @for = "a while", reason = "x" }), "for", "30m");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-1/acknowledge", new { reasn = "x" }), "reasn");

        var acked = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-1/acknowledge", new { reason = "looking" }));
        Assert.Equal(("acknowledged", "admin"), (acked.Str("status"), acked.Str("acknowledgedBy")));
        using var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alert-groups/AG-1/resolve") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await HttpAssert.ProblemAsync(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        var resolved = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/alert-groups/AG-1/resolve", new { reason = "restarted the pod" }));
        Assert.Equal("resolved", resolved.Str("status"));
    }

    [Fact]
    public async Task ThePages_ListAndShowGroups_Escaped_WithSafeLinksOnly_AndTheFormsActAsTheApiDoes()
    {
        using var admin = _factory.Admin();
        using var sender = Sender(AlertmanagerKey);
        var hostile = Alertmanager("firing", "payments", ("a", "firing"))
            .Replace("5xx above 5% on a", "<script>alert(1)</script> on a", StringComparison.Ordinal)
            .Replace("http://prometheus:9090/graph", "javascript:alert(2)", StringComparison.Ordinal);
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(hostile)));
        await _factory.RunSchedulerAsync();
        await _factory.UserAsync("wendy");
        using var web = await WebSession.SignInAsync(_factory, "wendy", FirebreakFactory.UserPassword);

        var list = await (await web.GetAsync("/alerts")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/alerts/1\">AG-1</a>", list, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; on a", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/incidents/1\">INC-1</a>", list, StringComparison.Ordinal);

        var page = await (await web.GetAsync("/alerts/AG-1")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("javascript:alert(2)", page, StringComparison.Ordinal);
        Assert.Contains("id=\"group-status\">firing</strong>", page, StringComparison.Ordinal);
        var room = await (await web.GetAsync("/incidents/1")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/alerts/1\">AG-1</a>", room, StringComparison.Ordinal);

        var acked = await web.PostFormAsync("/alerts/1", "/ui/alerts/1/acknowledge", [("version", "3")]);
        Assert.Equal(HttpStatusCode.SeeOther, acked.StatusCode);
        Assert.Equal("acknowledged", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-groups/1"))).Str("status"));
        var refused = await web.PostFormAsync("/alerts/1", "/ui/alerts/1/silence", [("for", "ever"), ("reason", "x")]);
        Assert.Contains("error=", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync("/alerts/AG-99")).StatusCode);
        Assert.Contains("No alert groups match.", await (await web.GetAsync("/alerts?status=resolved")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagerDutyChangeEvents_AreRecordedForTheIntegrationsService_AndRefusedInItsShape()
    {
        using var admin = _factory.Admin();
        using var client = _factory.Anonymous();
        var accepted = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/change/enqueue", new
        {
            routing_key = RoutingKey,
            payload = new { summary = "Deployed checkout v413", source = "github-actions", timestamp = "2026-03-01T09:50:00Z", custom_details = new { kind = "deploy" } },
            links = new[] { new { href = "https://ci.example/runs/413", text = "run 413" } },
        }), HttpStatusCode.Accepted);
        Assert.Equal(("success", "Change event processed"), (accepted.Str("status"), accepted.Str("message")));
        Assert.False(accepted.TryGetProperty("dedup_key", out _));

        var change = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/changes?service=checkout&since=7d"))).GetProperty("items").EnumerateArray());
        Assert.Equal(("deploy", "Deployed checkout v413", "https://ci.example/runs/413", "github-actions"), (change.Str("kind"), change.Str("summary"), change.Str("link"), change.Str("source")));

        var missing = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/change/enqueue", new { routing_key = RoutingKey, payload = new { source = "ci" } }), HttpStatusCode.BadRequest);
        Assert.Equal("'payload.summary' is missing or blank", missing.GetProperty("errors")[0].GetString());
        var unknown = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/change/enqueue", new { routing_key = new string('1', 32), payload = new { summary = "x" } }), HttpStatusCode.BadRequest);
        Assert.Contains("routing_key", unknown.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        var badLink = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/v2/change/enqueue", new { routing_key = RoutingKey, payload = new { summary = "x" }, links = new[] { new { href = "javascript:alert(1)" } } }), HttpStatusCode.BadRequest);
        Assert.Equal("invalid event", badLink.Str("status"));
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/changes?service=checkout&since=7d"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AQuietGroup_IsVerificationEvidence_SoTheResolveStartsTheWindow_AndFiringAgainIsASymptom()
    {
        using var admin = _factory.Admin();
        using var sender = Sender(AlertmanagerKey);
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))));
        await _factory.RunSchedulerAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("resolved", "payments", ("a", "resolved")))));
        await _factory.RunSchedulerAsync();
        await _factory.RunSchedulerAsync();

        var evidence = Assert.Single((await admin.EvidenceAsync(1)).EnumerateArray());
        Assert.True(evidence.GetProperty("verification").GetBoolean());
        Assert.Equal("alerts-quiet", evidence.Str("checkKind"));
        Assert.StartsWith("alerts quiet: AG-1 at ", evidence.Str("name"), StringComparison.Ordinal);

        await admin.CommandAsync(1, "roles", new { role = "commander", user = "admin" });
        var resolving = await admin.ChangeStatusAsync(1, "resolved", "rolled back");   // no override needed: the quiet group verifies
        Assert.Equal("monitoring", resolving.Str("status"));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await HttpAssert.JsonAsync(await sender.PostAsync("/intake/alertmanager", Json(Alertmanager("firing", "payments", ("a", "firing")))));
        await _factory.RunSchedulerAsync();
        var timeline = await (await admin.GetAsync("/api/v1/incidents/1/timeline")).Content.ReadAsStringAsync();
        Assert.Contains("Alert group AG-1 fired again", timeline, StringComparison.Ordinal);
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/incidents"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task TheAlertReview_NamesTheRuleThatFiresWithoutAction_AndAPersonMarksIt()
    {
        using var admin = _factory.Admin();
        using var grafana = Sender(GrafanaKey);
        var payload = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "grafana-firing.json"));
        for (var i = 0; i < 3; i++)
        {
            await HttpAssert.JsonAsync(await grafana.PostAsync("/intake/grafana", Json(payload)));
            await HttpAssert.JsonAsync(await grafana.PostAsync("/intake/grafana", Json(payload.Replace("\"status\": \"firing\"", "\"status\": \"resolved\"", StringComparison.Ordinal))));
            _clock.Advance(TimeSpan.FromHours(2));   // past the window: the next firing is a new group
        }

        var review = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-rules/review?month=2026-03"));
        Assert.Equal(1, review.GetProperty("waiting").GetInt32());
        var rule = review.GetProperty("rules")[0];
        Assert.Equal(("grafana/HighCPU", 3, 3, true), (rule.Str("rule"), rule.GetProperty("groups").GetInt32(), rule.GetProperty("withoutAction").GetInt32(), rule.GetProperty("noisy").GetBoolean()));

        var alerts = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning"))).GetProperty("alerts");
        Assert.Equal((3, 0, 1, 0), (alerts.GetProperty("groups").GetInt32(), alerts.GetProperty("ledToAction").GetInt32(), alerts.GetProperty("noisyRules").GetInt32(), alerts.GetProperty("noisyReviewed").GetInt32()));

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/alert-rules/review", new { rule = "grafana/HighCPU", month = "2026-03", verdict = "meh" }), "verdict", "actionable");
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/v1/alert-rules/review", new { rule = "grafana/Nope", month = "2026-03", verdict = "tune" }), HttpStatusCode.NotFound);
        await HttpAssert.InvalidAsync(await admin.GetAsync("/api/v1/alert-rules/review?month=03-2026"), "month", "2026-03");
        var marked = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/alert-rules/review", new { rule = "grafana/HighCPU", month = "2026-03", verdict = "tune", note = "Raise the threshold to 95 % for 10 min" }));
        Assert.Equal(("tune", "admin"), (marked.Str("verdict"), marked.Str("reviewedBy")));
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/alert-rules/review?month=2026-03"))).GetProperty("waiting").GetInt32());
        Assert.Equal(1, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning"))).GetProperty("alerts").GetProperty("noisyReviewed").GetInt32());

        await _factory.UserAsync("vic", "viewer");
        using var viewer = await WebSession.SignInAsync(_factory, "vic", FirebreakFactory.UserPassword);
        var page = await (await viewer.GetAsync("/alerts/review?month=2026-03")).Content.ReadAsStringAsync();
        Assert.Contains("grafana/HighCPU (noisy)", page, StringComparison.Ordinal);
        Assert.Contains("tune by admin: Raise the threshold to 95 % for 10 min", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"actionable\"", page, StringComparison.Ordinal);
    }
}
