using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Access;

/// <summary>Viewers read, responders run incidents, admins manage accounts.</summary>
public sealed class RoleTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    public static TheoryData<string, string?> IncidentCommands => Commands.OnIncident;

    [Fact]
    public async Task Viewer_CanReadIncidentsListAndTimeline()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync("Search is slow", "SEV-3");
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var list = await viewer.ListAsync();
        Assert.Equal(1, list.Long("total"));
        Assert.Equal("Search is slow", list.Items()[0].Str("title"));
        Assert.Equal("Search is slow", (await viewer.GetIncidentAsync(id)).Str("title"));
        Assert.Equal(2, (await viewer.TimelineAsync(id)).Items().Count);
    }

    [Fact]
    public async Task Viewer_Declare_Is403AndWritesNothing()
    {
        using var viewer = await _factory.UserAsync("vera", "viewer");
        var response = await viewer.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-1" });
        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "viewer");

        using var admin = _factory.Admin();
        Assert.Equal(0, await admin.TotalAsync());
    }

    [Theory]
    [MemberData(nameof(IncidentCommands))]
    public async Task Viewer_IncidentCommand_Is403AndWritesNothing(string command, string? body)
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        await admin.AddEntryAsync(id, "note", "something to pin");
        var before = await admin.SnapshotAsync(id);
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var response = await viewer.PostAsync(IncidentApi.Url(id, command), Commands.Body(body));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "viewer");
        Assert.Equal(before, await admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Viewer_Is403OnEveryMappedIncidentWriteRoute()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        var before = await admin.SnapshotAsync(id);
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var writes = ApiRoutes.All(_factory.Services)
            .Where(r => r.Pattern.StartsWith(IncidentApi.Incidents, StringComparison.Ordinal) && r.Method != "GET")
            .ToList();
        Assert.True(writes.Count >= 20, $"Expected the declare route, eight command routes and eleven process routes, found {writes.Count}: {string.Join(", ", writes)}");
        foreach (var process in new[] { "updates", "mitigations", "mitigations/{mitigation}/approve", "mitigations/{mitigation}/start", "hypotheses/{entry}", "checklists/{checklist}/items/{item}", "evidence", "evidence/file" })
        {
            Assert.Contains(writes, r => r.Pattern == $"{IncidentApi.Incidents}/{{id}}/{process}");
        }

        foreach (var route in writes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path) { Content = route.EmptyBody() };
            var response = await viewer.SendAsync(request);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "viewer");
        }

        Assert.Equal(before, await admin.SnapshotAsync(id));
        Assert.Equal(1, await admin.TotalAsync());
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync(IncidentApi.Url(id, "evidence")))).GetArrayLength());
    }

    [Fact]
    public async Task Viewer_CanAskTriageAndReadSeverities_WhichWriteNothing()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        var before = await admin.SnapshotAsync(id);
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var suggestion = await HttpAssert.JsonAsync(await viewer.PostAsJsonAsync("/api/v1/triage", new { usersAffected = "all", coreFeatureBroken = "yes", workaround = "no", dataLoss = "no", securityBreach = "no" }));
        Assert.Equal("SEV-1", suggestion.Str("severity"));
        var severities = await HttpAssert.JsonAsync(await viewer.GetAsync("/api/v1/severities"));
        Assert.Equal(["SEV-1", "SEV-2", "SEV-3", "SEV-4"], severities.EnumerateArray().Select(l => l.Str("name")));

        Assert.Equal(before, await admin.SnapshotAsync(id));
        Assert.Equal(1, await admin.TotalAsync());
    }

    [Fact]
    public async Task Viewer_CanReadEvidenceAndDraftUpdates()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync("Search is slow");
        var attached = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync(IncidentApi.Url(id, "evidence"), new { kind = "text", name = "top", text = "load 42" }), HttpStatusCode.Created);
        using var viewer = await _factory.UserAsync("vera", "viewer");

        var list = await HttpAssert.JsonAsync(await viewer.GetAsync(IncidentApi.Url(id, "evidence")));
        Assert.Equal([attached.Long("id")], list.EnumerateArray().Select(e => e.Long("id")));
        var content = await viewer.GetAsync(attached.Str("contentUrl"));
        await HttpAssert.StatusAsync(content, HttpStatusCode.OK);
        Assert.Equal("load 42", await content.Content.ReadAsStringAsync());
        var draft = await HttpAssert.JsonAsync(await viewer.GetAsync(IncidentApi.Url(id, "updates/draft")));
        Assert.Contains("Search is slow", draft.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responder_CanDeclareAndRunIncidents()
    {
        using var responder = await _factory.UserAsync("rita");
        var id = await responder.DeclareIdAsync();
        var entry = await responder.AddEntryAsync(id, "symptom", "5xx on /pay");
        Assert.Equal("rita", entry.Str("actor"));
    }

    [Fact]
    public async Task Responder_UsersRoutes_Are403AndWriteNothing()
    {
        using var responder = await _factory.UserAsync("rita");

        await HttpAssert.ProblemAsync(await responder.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden, "responder");
        await HttpAssert.ProblemAsync(
            await responder.PostAsJsonAsync("/api/v1/users", new { username = "mallory", role = "admin", password = "long-enough-password" }),
            HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await responder.PatchAsJsonAsync("/api/v1/users/rita", new { role = "admin" }), HttpStatusCode.Forbidden);

        using var admin = _factory.Admin();
        var users = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/users"));
        Assert.Equal(["admin", "rita"], users.EnumerateArray().Select(u => u.Str("username")));
        Assert.Equal("responder", users.EnumerateArray().Single(u => u.Str("username") == "rita").Str("role"));
    }

    [Fact]
    public async Task Viewer_UsersRoutes_Are403()
    {
        using var viewer = await _factory.UserAsync("vera", "viewer");
        await HttpAssert.ProblemAsync(await viewer.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden, "viewer");
    }

    public void Dispose() => _factory.Dispose();
}
