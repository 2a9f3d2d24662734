using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Changes;

/// <summary>
/// Change events through the API: recorded by responders (201 with the change), listed newest first by
/// service and window by anyone signed in, bad input refused by field, and an incident's "what changed"
/// that a private incident keeps from non-members.
/// </summary>
public sealed class ChangeApiTests : IAsyncDisposable
{
    private const string Changes = "/api/v1/changes";
    private readonly FakeClock _clock = new(ResponseApi.Start);
    private readonly FirebreakFactory _factory;

    public ChangeApiTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    private static async Task<JsonElement> RecordAsync(HttpClient client, object body) =>
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync(Changes, body), HttpStatusCode.Created);

    [Fact]
    public async Task ARecordedChange_Is201_AndListedNewestFirst_ByServiceAndWindow()
    {
        using var alice = await _factory.UserAsync("alice");
        var created = await RecordAsync(alice, new { kind = "deploy", services = new[] { "Checkout" }, summary = "deployed checkout v413", link = "https://ci.example.com/runs/413", at = "42m", source = "github-actions" });
        Assert.Equal(("CHG-1", "deploy", "deployed checkout v413", "https://ci.example.com/runs/413", "github-actions", "alice"), (created.Str("key"), created.Str("kind"), created.Str("summary"), created.Str("link"), created.Str("source"), created.Str("recordedBy")));
        Assert.Equal(["checkout"], created.GetProperty("services").Strings());
        Assert.Equal(ResponseApi.Start.AddMinutes(-42), created.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(ResponseApi.Start, created.GetProperty("recordedAt").GetDateTimeOffset());

        await RecordAsync(alice, new { service = "payments", summary = "raised the payments pool to 40" });
        await RecordAsync(alice, new { kind = "config", service = "checkout", summary = "two days ago", at = "48h" });

        var all = await HttpAssert.JsonAsync(await alice.GetAsync(Changes));
        Assert.Equal(["raised the payments pool to 40", "deployed checkout v413"], all.Items().Select(c => c.Str("summary")));
        Assert.Equal("other", all.Items()[0].Str("kind"));
        var checkout = await HttpAssert.JsonAsync(await alice.GetAsync($"{Changes}?service=checkout&since=3d"));
        Assert.Equal(["deployed checkout v413", "two days ago"], checkout.Items().Select(c => c.Str("summary")));
        var window = await HttpAssert.JsonAsync(await alice.GetAsync($"{Changes}?since=3d&until=1h"));
        Assert.Equal(["two days ago"], window.Items().Select(c => c.Str("summary")));
    }

    [Theory]
    [InlineData("""{"services":["checkout"]}""", "summary")]
    [InlineData("""{"summary":"deployed"}""", "services")]
    [InlineData("""{"services":[],"summary":"deployed"}""", "services")]
    [InlineData("""{"service":"checkout","services":["checkout"],"summary":"deployed"}""", "service")]
    [InlineData("""{"service":"checkout","summary":"deployed","kind":"rollout"}""", "kind")]
    [InlineData("""{"service":"checkout","summary":"deployed","link":"javascript:alert(1)"}""", "link")]
    [InlineData("""{"service":"checkout","summary":"deployed","at":"2026-03-14T10:00:00Z"}""", "at")]
    [InlineData("""{"service":"checkout","summary":"deployed","at":"soon"}""", "at")]
    [InlineData("""{"service":"checkout","summary":"deployed","at":42}""", "at")]
    [InlineData("""{"service":"checkout","summary":"deployed","severity":"critical"}""", "severity")]
    [InlineData("""{"service":"checkout","summary":"line one\nline two"}""", "summary")]
    public async Task BadInput_Is400NamingTheField_AndRecordsNothing(string body, string field)
    {
        using var admin = _factory.Admin();

        await HttpAssert.InvalidAsync(await admin.PostRawAsync(Changes, body), field);

        Assert.Empty((await HttpAssert.JsonAsync(await admin.GetAsync($"{Changes}?since=30d"))).Items());
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2h&since=1h", "until")]
    [InlineData("limit=9999", "limit")]
    public async Task ABadListFilter_Is400NamingIt(string query, string field)
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.GetAsync($"{Changes}?{query}"), field);
    }

    [Fact]
    public async Task Viewers_ListButCannotRecord_AndAnonymousCallersNeither()
    {
        using var admin = _factory.Admin();
        await RecordAsync(admin, new { service = "checkout", summary = "deployed checkout v413" });
        using var viewer = await _factory.UserAsync("vera", "viewer");
        using var anonymous = _factory.Anonymous();

        await HttpAssert.ProblemAsync(await viewer.PostAsJsonAsync(Changes, new { service = "checkout", summary = "sneaky" }), HttpStatusCode.Forbidden, "viewer");
        Assert.Single((await HttpAssert.JsonAsync(await viewer.GetAsync(Changes))).Items());
        await HttpAssert.StatusAsync(await anonymous.GetAsync(Changes), HttpStatusCode.Unauthorized);
        await HttpAssert.StatusAsync(await anonymous.PostAsJsonAsync(Changes, new { service = "checkout", summary = "sneaky" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnIncidentsChanges_AreItsServices_FromADayBeforeItsStart_RelativeToTheStart()
    {
        using var admin = _factory.Admin();
        await RecordAsync(admin, new { service = "checkout", summary = "too early", at = "26h" });
        await RecordAsync(admin, new { kind = "deploy", service = "checkout", summary = "deployed checkout v413", at = "54m" });
        await RecordAsync(admin, new { service = "search", summary = "another service" });
        var id = (await admin.DeclareAsync(new { title = "Checkout failing", severity = "SEV-2", services = new[] { "Checkout" }, startedAt = ResponseApi.Start.AddMinutes(-12) })).Long("id");
        _clock.Advance(TimeSpan.FromMinutes(20));
        await RecordAsync(admin, new { kind = "feature-flag", service = "checkout", summary = "turned new-cart off" });

        var changes = await HttpAssert.JsonAsync(await admin.GetAsync(IncidentApi.Url(id, "changes")));

        Assert.Equal(ResponseApi.Start.AddMinutes(-12).AddHours(-24), changes.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(
            [("turned new-cart off", "32 min after start", 32.0), ("deployed checkout v413", "42 min before start", -42.0)],
            changes.Items().Select(i => (i.GetProperty("change").Str("summary"), i.Str("relativeToStart"), i.GetProperty("minutesFromStart").GetDouble())));
        await HttpAssert.ProblemAsync(await admin.GetAsync(IncidentApi.Url(999, "changes")), HttpStatusCode.NotFound, "INC-999");
    }

    [Fact]
    public async Task APrivateIncidentsChanges_Are404ForANonMember_LikeAnUnknownIncident()
    {
        using var alice = await _factory.UserAsync("alice");
        using var bob = await _factory.UserAsync("bob");
        await RecordAsync(alice, new { service = "payroll-api", summary = "rotated the export bucket's keys", at = "5m" });
        var id = (await alice.DeclareAsync(new { title = "Payroll export leaks salaries", severity = "SEV-1", @private = true, services = new[] { "payroll-api" } })).Long("id");

        var hidden = await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(id, "changes")), HttpStatusCode.NotFound, $"INC-{id}");
        var unknown = await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(999, "changes")), HttpStatusCode.NotFound);

        Assert.Equal(HttpAssert.Detail(unknown).Replace("INC-999", $"INC-{id}", StringComparison.Ordinal), HttpAssert.Detail(hidden));
        Assert.Single((await HttpAssert.JsonAsync(await alice.GetAsync(IncidentApi.Url(id, "changes")))).Items());
    }

    [Fact]
    public async Task Triage_WithServices_NamesTheirRecentChanges_AndSuggestsYes()
    {
        using var alice = await _factory.UserAsync("alice");
        await RecordAsync(alice, new { kind = "deploy", service = "checkout", summary = "deployed checkout v413", at = "30m" });
        await RecordAsync(alice, new { service = "checkout", summary = "too long ago", at = "25h" });

        var suggestion = await HttpAssert.JsonAsync(await alice.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "some", services = new[] { "checkout" } }));
        Assert.Equal("yes", suggestion.Str("suggestedRecentChange"));
        Assert.Equal(["deployed checkout v413"], suggestion.GetProperty("recentChanges").EnumerateArray().Select(c => c.Str("summary")));
        Assert.Contains("deployed checkout v413", suggestion.GetProperty("advice")[0].GetString(), StringComparison.Ordinal);

        var answered = await HttpAssert.JsonAsync(await alice.PostAsJsonAsync("/api/v1/triage", new { recentChange = "no", services = new[] { "checkout" } }));
        Assert.Equal(JsonValueKind.Null, answered.GetProperty("suggestedRecentChange").ValueKind);
        var elsewhere = await HttpAssert.JsonAsync(await alice.PostAsJsonAsync("/api/v1/triage", new { services = new[] { "search" } }));
        Assert.Empty(elsewhere.GetProperty("recentChanges").EnumerateArray());

        await HttpAssert.InvalidAsync(await alice.PostAsJsonAsync(IncidentApi.Incidents, new { title = "x", severity = "SEV-3", triage = new { services = new[] { "checkout" } } }), "triage.services");
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
