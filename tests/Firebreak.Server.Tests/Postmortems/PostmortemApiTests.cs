using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Postmortems;

/// <summary>
/// The postmortem through the API: opened by itself when a SEV-2 resolves, its first draft and figures
/// from the incident's events, sections written with the version read (a concurrent edit is a 412),
/// the timeline curated and kept, the blame check, publishing refused with each missing part named.
/// </summary>
public sealed class PostmortemApiTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public PostmortemApiTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    private static string Url(long id, string? rest = null) => $"/api/v1/incidents/{id}/postmortem{rest}";

    /// <summary>A SEV-2 run through: a commander, an update, a mitigation applied, resolved 90 minutes after declare.</summary>
    private async Task<long> ResolvedIncidentAsync(HttpClient admin, string severity = "SEV-2", bool isPrivate = false)
    {
        var id = (await admin.DeclareAsync(new
        {
            title = "Checkout failing for card payments",
            severity,
            summary = "Card payments failed with 502s after the 14:00 deploy.",
            impact = "About 30 % of checkouts in the EU failed.",
            services = new[] { "checkout" },
            startedAt = ResponseApi.Start.AddMinutes(-12),
            @private = isPrivate,
        })).Long("id");
        await admin.CommandAsync(id, "roles", new { role = "commander", user = "admin" });
        _clock.Advance(TimeSpan.FromMinutes(10));
        await admin.PostUpdateAsync(id, "We are looking into failed card payments.", "public", "investigating");
        await admin.AddEntryAsync(id, "note", "Gateway pods restarting every 40 s");
        var mitigation = (await admin.ProposeAsync(id, new { kind = "rollback", title = "Roll back checkout to v412", rollbackPlan = "Redeploy v413", checklist = new { noIrreversibleMigration = true, noIrreversibleSideEffects = true, knownGoodTarget = "v412" } })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(15));
        await HttpAssert.StatusAsync(await admin.StepAsync(id, mitigation, "start"), HttpStatusCode.OK);
        await HttpAssert.StatusAsync(await admin.StepAsync(id, mitigation, "apply"), HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromMinutes(65));
        await admin.PostUpdateAsync(id, "Payments work again.", "public", "resolved");
        await admin.ResolveAsync(id);
        return id;
    }

    [Fact]
    public async Task ResolvingASev2_OpensItsPostmortem_WithTheDraftAndTheFiguresFromTheEvents()
    {
        using var admin = _factory.Admin();
        var id = await ResolvedIncidentAsync(admin);
        await HttpAssert.ProblemAsync(await admin.GetAsync(Url(id)), HttpStatusCode.NotFound, "no postmortem yet");

        Assert.True(await _factory.RunSchedulerAsync() >= 1);
        var pm = await HttpAssert.JsonAsync(await admin.GetAsync(Url(id)));
        Assert.Equal(("INC-1", "draft", true), (pm.Str("incident"), pm.Str("status"), pm.GetProperty("required").GetBoolean()));
        Assert.Equal(ResponseApi.Start.AddMinutes(90).AddHours(48), pm.GetProperty("dueAt").GetDateTimeOffset());

        var sections = pm.GetProperty("sections").EnumerateArray().ToDictionary(s => s.Str("id"), s => s.Str("text"));
        Assert.StartsWith("Checkout failing for card payments. A SEV-2 incident on checkout", sections["summary"], StringComparison.Ordinal);
        Assert.Contains("lasted 1 h 42 min", sections["summary"], StringComparison.Ordinal);
        Assert.Contains("What users were last told: \"Payments work again.\"", sections["summary"], StringComparison.Ordinal);
        Assert.Equal("About 30 % of checkouts in the EU failed.", sections["impact"]);
        Assert.Contains("declared by admin", sections["detection"], StringComparison.Ordinal);
        Assert.Contains("12 min later", sections["detection"], StringComparison.Ordinal);
        Assert.Equal(string.Empty, sections["root-cause"]);

        var facts = pm.GetProperty("facts");
        Assert.Equal(12 * 60, facts.GetProperty("timeToDetectSeconds").GetInt64());
        Assert.Equal(25 * 60, facts.GetProperty("timeToMitigateSeconds").GetInt64());
        Assert.Equal(102 * 60, facts.GetProperty("durationSeconds").GetInt64());
        Assert.Equal(2, facts.GetProperty("publicUpdates").GetInt32());
        Assert.Equal("admin", Assert.Single(facts.GetProperty("commanders").EnumerateArray()).GetString());
        Assert.False(facts.GetProperty("verified").GetBoolean());
        Assert.Equal(1, facts.GetProperty("overrides").GetInt32());

        // Key moments are in the timeline, a plain note is not (until someone takes it in).
        var timeline = pm.GetProperty("timeline").EnumerateArray().ToList();
        Assert.True(timeline.Single(t => t.Str("kind") == "declared").GetProperty("included").GetBoolean());
        Assert.Contains(timeline, t => t.Str("text") == "Mitigation \"Roll back checkout to v412\" applied" && t.GetProperty("included").GetBoolean());
        Assert.False(timeline.Single(t => t.Str("text") == "Gateway pods restarting every 40 s").GetProperty("included").GetBoolean());

        // Running the scheduler again opens nothing more.
        await _factory.RunSchedulerAsync();
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/postmortems"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ASev4_HasNoPostmortemByItself_ButOneCanBeOpened_AndOnlyOnce()
    {
        using var admin = _factory.Admin();
        var id = (await admin.DeclareAsync(new { title = "Slow search", severity = "SEV-4" })).Long("id");
        await HttpAssert.InvalidAsync(await admin.PostAsync(Url(id), null), "incident", "once it is resolved");
        await admin.ResolveAsync(id);
        await _factory.RunSchedulerAsync();
        await HttpAssert.ProblemAsync(await admin.GetAsync(Url(id)), HttpStatusCode.NotFound, "no postmortem yet");

        var opened = await HttpAssert.JsonAsync(await admin.PostAsync(Url(id), null), HttpStatusCode.Created);
        Assert.False(opened.GetProperty("required").GetBoolean());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("dueAt").ValueKind);
        await HttpAssert.ProblemAsync(await admin.PostAsync(Url(id), null), HttpStatusCode.Conflict, "has a postmortem already");
    }

    [Fact]
    public async Task Sections_AreWrittenWithTheVersionRead_AConcurrentEditIsAClearConflict_AndTheCurationIsKept()
    {
        using var admin = _factory.Admin();
        var id = await ResolvedIncidentAsync(admin);
        await _factory.RunSchedulerAsync();
        var read = await admin.GetAsync(Url(id));
        var etag = read.Headers.ETag!.Tag;
        var pm = await HttpAssert.JsonAsync(read);
        var note = pm.GetProperty("timeline").EnumerateArray().Single(t => t.Str("text") == "Gateway pods restarting every 40 s").Long("entry");

        var curated = await Send(admin, HttpMethod.Post, Url(id, "/timeline"), new { entry = note, included = true }, etag);
        Assert.True(curated.GetProperty("timeline").EnumerateArray().Single(t => t.Long("entry") == note).GetProperty("included").GetBoolean());

        // Two people read the same version; the second to save gets a 412 that says what to do, and nothing changes.
        var version = $"\"{curated.Long("version")}\"";
        var first = await Send(admin, HttpMethod.Put, Url(id, "/sections/root-cause"), new { text = "The retry loop had no backoff, so the gateway was overloaded." }, version);
        using var second = new HttpRequestMessage(HttpMethod.Put, Url(id, "/sections/root-cause")) { Content = JsonContent.Create(new { text = "Something else" }) };
        second.Headers.IfMatch.Add(new EntityTagHeaderValue(version));
        var conflict = await HttpAssert.ProblemAsync(await admin.SendAsync(second), HttpStatusCode.PreconditionFailed, "changed since you read it");
        Assert.Equal(first.Long("version"), conflict.GetProperty("currentVersion").GetInt64());
        var now = await HttpAssert.JsonAsync(await admin.GetAsync(Url(id)));
        Assert.Equal("The retry loop had no backoff, so the gateway was overloaded.", now.GetProperty("sections").EnumerateArray().Single(s => s.Str("id") == "root-cause").Str("text"));
        Assert.True(now.GetProperty("timeline").EnumerateArray().Single(t => t.Long("entry") == note).GetProperty("curated").GetBoolean(), "the curation outlives the edits");

        // The Markdown is rendered with raw HTML shown as text and unsafe links dropped.
        var html = await Send(admin, HttpMethod.Put, Url(id, "/sections/lessons"), new { text = "**Bold** <script>alert(1)</script> [x](javascript:alert(1))" });
        var lessons = html.GetProperty("sections").EnumerateArray().Single(s => s.Str("id") == "lessons").Str("html");
        Assert.Contains("<strong>Bold</strong>", lessons, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", lessons, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", lessons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_IsRefusedWithEachMissingPartNamed_UntilReviewSectionsBlameAndActionsAreSettled()
    {
        using var admin = _factory.Admin();
        using var alice = await _factory.UserAsync("alice");
        var id = await ResolvedIncidentAsync(admin);
        await _factory.RunSchedulerAsync();

        var refused = await HttpAssert.InvalidAsync(await admin.PostAsync(Url(id, "/publish"), null), "publish", "send it to review", "'Root cause' is empty", "'What went well' is empty", "at least one action item");
        var unchanged = await HttpAssert.JsonAsync(await admin.GetAsync(Url(id)));
        Assert.Equal("draft", unchanged.Str("status"));
        Assert.Contains(unchanged.GetProperty("problems").EnumerateArray(), p => p.Str("where") == "root-cause");
        Assert.NotEmpty(HttpAssert.Detail(refused));

        await Send(admin, HttpMethod.Put, Url(id, "/sections/root-cause"), new { text = "alice broke the deploy by pushing on a Friday." });
        await Send(admin, HttpMethod.Put, Url(id, "/sections/what-went-well"), new { text = "The rollback took four minutes." });
        await Send(admin, HttpMethod.Put, Url(id, "/sections/what-went-poorly"), new { text = "Detection took twelve minutes." });
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/review"), new { reviewers = new[] { "nobody-here" } }), "reviewers", "no account 'nobody-here'");
        var inReview = await Send(admin, HttpMethod.Post, Url(id, "/review"), new { reviewers = new[] { "alice" } });
        Assert.Equal("in_review", inReview.Str("status"));
        var blame = Assert.Single(inReview.GetProperty("findings").EnumerateArray());
        Assert.Equal("root-cause", blame.Str("where"));
        Assert.NotEmpty(blame.Str("suggestion"));

        var vague = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Be more careful" }), HttpStatusCode.Created);
        Assert.Contains(vague.GetProperty("findings").EnumerateArray(), f => f.Str("rule") == "missing-owner");
        await HttpAssert.InvalidAsync(await admin.PostAsync(Url(id, "/publish"), null), "publish", "Blaming language in 'Root cause'", "ACT-1");

        await Send(admin, HttpMethod.Put, Url(id, "/sections/root-cause"), new { text = "The deploy pipeline did not stop a build whose retry loop had no backoff." });
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/actions/ACT-1/status", new { status = "wont_do", reason = "Replaced by ACT-2" }));
        var concrete = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Add exponential backoff with a 30 s cap to the gateway retry loop", owner = "alice", due = "2026-04-01", type = "prevent", priority = "high" }), HttpStatusCode.Created);
        Assert.Empty(concrete.GetProperty("findings").EnumerateArray());

        var published = await HttpAssert.JsonAsync(await admin.PostAsync(Url(id, "/publish"), null));
        Assert.Equal(("published", "admin"), (published.Str("status"), published.Str("publishedBy")));
        await HttpAssert.InvalidAsync(await admin.PutAsJsonAsync(Url(id, "/sections/lessons"), new { text = "late" }), "status", "is published");
        Assert.Equal("draft", (await Send(admin, HttpMethod.Post, Url(id, "/reopen"), new { reason = "A new contributing factor came up" })).Str("status"));

        var markdown = await (await admin.GetAsync(Url(id, "/export"))).Content.ReadAsStringAsync();
        Assert.StartsWith("# Postmortem: Checkout failing for card payments (INC-1)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Declared |", markdown, StringComparison.Ordinal);
        Assert.Contains("- [ ] ACT-2 Add exponential backoff", markdown, StringComparison.Ordinal);
        using var export = await admin.GetAsync(Url(id, "/export?format=html"));
        Assert.Equal("text/html", export.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h2>Root cause</h2>", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFindingJudgedNotBlaming_IsDismissedWithAReason_AndNoLongerHoldsPublishingBack()
    {
        using var admin = _factory.Admin();
        using var alice = await _factory.UserAsync("alice");
        var id = await ResolvedIncidentAsync(admin);
        await _factory.RunSchedulerAsync();
        var pm = await Send(admin, HttpMethod.Put, Url(id, "/sections/lessons"), new { text = "It was human error to run two deploys at once." });
        var finding = Assert.Single(pm.GetProperty("findings").EnumerateArray());
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/findings/dismiss"), new { finding = finding.Str("key") }), "reason");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/findings/dismiss"), new { finding = "lessons:nope:x", reason = "r" }), "finding", "no language finding");
        var dismissed = await Send(admin, HttpMethod.Post, Url(id, "/findings/dismiss"), new { finding = finding.Str("key"), reason = "Quoted from the old runbook" });
        Assert.True(Assert.Single(dismissed.GetProperty("findings").EnumerateArray()).GetProperty("dismissed").GetBoolean());
        Assert.DoesNotContain(dismissed.GetProperty("problems").EnumerateArray(), p => p.Str("where") == "lessons");
    }

    [Fact]
    public async Task RootCauseTags_AreSetWhole_AndMakeTheNextIncidentOnTheServiceWithTheSameCauseARepeat()
    {
        using var admin = _factory.Admin();
        var first = await ResolvedIncidentAsync(admin);
        var second = await ResolvedIncidentAsync(admin);
        await _factory.RunSchedulerAsync();

        var tagged = await Send(admin, HttpMethod.Put, Url(first, "/tags"), new { tags = new[] { "Retry-Storm", "expired-cert" } });
        Assert.Equal(["retry-storm", "expired-cert"], tagged.GetProperty("causeTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("| Root-cause tags | retry-storm, expired-cert |", await (await admin.GetAsync(Url(first, "/export"))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var report = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning"));
        Assert.Equal(0, report.GetProperty("overall").GetProperty("repeats").GetInt32());   // the same service alone is not a repeat
        await Send(admin, HttpMethod.Put, Url(second, "/tags"), new { tags = new[] { "retry-storm" } });
        report = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/reports/learning"));
        Assert.Equal(1, report.GetProperty("overall").GetProperty("repeats").GetInt32());

        await HttpAssert.InvalidAsync(await admin.PutAsJsonAsync(Url(second, "/tags"), new { tags = new[] { "retry storm" } }), "tags", "lower-case letters");
        using (var wrongType = new StringContent("{\"tags\":\"retry-storm\"}", Encoding.UTF8, "application/json"))
        {
            await HttpAssert.ProblemAsync(await admin.PutAsync(Url(second, "/tags"), wrongType), HttpStatusCode.BadRequest);
        }

        Assert.Equal(["retry-storm"], (await HttpAssert.JsonAsync(await admin.GetAsync(Url(second)))).GetProperty("causeTags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task APrivateIncidentsPostmortemAndActions_AreInvisibleToNonMembers()
    {
        using var admin = _factory.Admin();
        using var bob = await _factory.UserAsync("bob");
        var id = await ResolvedIncidentAsync(admin, isPrivate: true);
        await _factory.RunSchedulerAsync();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Rotate every signing key within a day of a leak", owner = "bob", due = "2026-04-01", type = "mitigate" }), HttpStatusCode.Created);

        await HttpAssert.ProblemAsync(await bob.GetAsync(Url(id)), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.GetAsync(Url(id, "/export")), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.GetAsync("/api/v1/actions/ACT-1"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await bob.PostAsJsonAsync("/api/v1/actions/ACT-1/status", new { status = "done" }), HttpStatusCode.NotFound);
        Assert.Empty((await HttpAssert.JsonAsync(await bob.GetAsync("/api/v1/actions?owner=me"))).GetProperty("items").EnumerateArray());
        Assert.Empty((await HttpAssert.JsonAsync(await bob.GetAsync("/api/v1/postmortems"))).GetProperty("items").EnumerateArray());
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?owner=bob"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task BadInput_GetsAClear4xx_AndChangesNothing()
    {
        using var admin = _factory.Admin();
        var id = await ResolvedIncidentAsync(admin);
        await _factory.RunSchedulerAsync();
        var before = (await HttpAssert.JsonAsync(await admin.GetAsync(Url(id)))).Long("version");

        await HttpAssert.InvalidAsync(await admin.PutAsJsonAsync(Url(id, "/sections/root-causes"), new { text = "x" }), "section", "root-cause");
        using (var malformed = new StringContent("{\"text\":", Encoding.UTF8, "application/json"))
        {
            await HttpAssert.ProblemAsync(await admin.PutAsync(Url(id, "/sections/summary"), malformed), HttpStatusCode.BadRequest);
        }

        using (var wrongType = new StringContent("{\"text\":5}", Encoding.UTF8, "application/json"))
        {
            await HttpAssert.ProblemAsync(await admin.PutAsync(Url(id, "/sections/summary"), wrongType), HttpStatusCode.BadRequest);
        }

        using (var unknownField = new StringContent("{\"txt\":\"a\"}", Encoding.UTF8, "application/json"))
        {
            await HttpAssert.ProblemAsync(await admin.PutAsync(Url(id, "/sections/summary"), unknownField), HttpStatusCode.BadRequest);
        }

        using var badIfMatch = new HttpRequestMessage(HttpMethod.Put, Url(id, "/sections/summary")) { Content = JsonContent.Create(new { text = "x" }) };
        badIfMatch.Headers.TryAddWithoutValidation("If-Match", "\"seven\"");
        await HttpAssert.InvalidAsync(await admin.SendAsync(badIfMatch), "If-Match");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/timeline"), new { entry = 99999, included = true }), "entry");
        await HttpAssert.InvalidAsync(await admin.PutAsJsonAsync(Url(id, "/whys"), new { whys = new[] { new { question = "Why?", answer = "" } } }), "whys[0].answer");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/reopen"), new { reason = "x" }), "status", "draft already");
        await HttpAssert.InvalidAsync(await admin.GetAsync(Url(id, "/export?format=pdfx")), "format");
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/incidents/INC-999/postmortem"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/incidents/nope/postmortem"), HttpStatusCode.NotFound);
        await HttpAssert.InvalidAsync(await admin.PutAsJsonAsync(Url(id, "/sections/summary"), new { text = new string('x', 50_001) }), "text");

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Add an alert on 5xx above 2 %", owner = "ghost" }), "owner", "no account 'ghost'");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Add an alert on 5xx above 2 %", due = "next friday" }), "due", "YYYY-MM-DD");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Add an alert on 5xx above 2 %", type = "fix" }), "type", "prevent");
        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "" }), "title");
        await HttpAssert.InvalidAsync(await admin.GetAsync("/api/v1/actions?overdue=maybe"), "overdue");
        await HttpAssert.InvalidAsync(await admin.GetAsync("/api/v1/actions?team=nobody"), "team");
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/actions/ACT-0"), HttpStatusCode.NotFound);
        Assert.Empty((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?all=true"))).GetProperty("items").EnumerateArray());

        var after = await HttpAssert.JsonAsync(await admin.GetAsync(Url(id)));
        Assert.Equal(before, after.Long("version"));
    }

    [Fact]
    public async Task ActionItems_AreListedMineOverdueAndByService_AndAWontDoNeedsAReason()
    {
        using var admin = _factory.Admin();
        using var alice = await _factory.UserAsync("alice");
        var id = await ResolvedIncidentAsync(admin);
        var early = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Add an alert on checkout 5xx above 2 % for 5 minutes", owner = "alice", due = "2026-03-20", type = "detect" }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(Url(id, "/actions"), new { title = "Write the failover runbook for the payment gateway", owner = "admin", due = "2026-05-01", type = "mitigate" }), HttpStatusCode.Created);
        Assert.Equal("ACT-1", early.Str("key"));
        Assert.False(early.GetProperty("overdue").GetBoolean());

        _clock.Advance(TimeSpan.FromDays(10));
        var mine = (await HttpAssert.JsonAsync(await alice.GetAsync("/api/v1/actions?owner=me"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("ACT-1", Assert.Single(mine).Str("key"));
        var overdue = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?overdue=true"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("ACT-1", Assert.Single(overdue).Str("key"));
        Assert.Equal(2, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?service=checkout"))).GetProperty("items").GetArrayLength());
        Assert.Empty((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?service=search"))).GetProperty("items").EnumerateArray());

        await HttpAssert.InvalidAsync(await admin.PostAsJsonAsync("/api/v1/actions/ACT-2/status", new { status = "wont_do" }), "reason", "needs a reason");
        var done = await HttpAssert.JsonAsync(await alice.PostAsJsonAsync("/api/v1/actions/1/status", new { status = "done" }));
        Assert.Equal(("done", false), (done.Str("status"), done.GetProperty("overdue").GetBoolean()));
        Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions"))).GetProperty("items").EnumerateArray());
        Assert.Equal(2, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions?all=true"))).GetProperty("items").GetArrayLength());

        // A change with a stale version is a 412 and changes nothing.
        using var stale = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/actions/ACT-2") { Content = JsonContent.Create(new { priority = "high" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await HttpAssert.ProblemAsync(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed, "changed since you read it");
        Assert.Equal("medium", (await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/actions/ACT-2"))).Str("priority"));
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/actions/ACT-2") { Content = JsonContent.Create(new { priority = "high", owner = "" }) };
        var changed = await HttpAssert.JsonAsync(await admin.SendAsync(patch));
        Assert.Equal(("high", JsonValueKind.Null), (changed.Str("priority"), changed.GetProperty("owner").ValueKind));
        Assert.Contains(changed.GetProperty("findings").EnumerateArray(), f => f.Str("rule") == "missing-owner");
    }

    private static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string url, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }

        return await HttpAssert.JsonAsync(await client.SendAsync(request));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
