using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Firebreak.Server.Tests.Incidents;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Api;

/// <summary>
/// A NUL (which PostgreSQL cannot store in text) or another control character, wherever a request
/// carries it — query, JSON field, form field, route value, file name, header, Basic username —
/// is a 400 naming the field (401 for credentials), the same on SQLite and PostgreSQL: never a 5xx,
/// never the "security token" page, and nothing changes.
/// </summary>
public abstract class ControlCharacterTests(RouteInputFixture fixture)
{
    /// <summary>Method, path (after /api/v1, with {id} for the incident), JSON body or null, and the field the 400 names.</summary>
    public static TheoryData<string, string, string?, string> ApiRequests => new()
    {
        // Query parameters
        { "GET", "/incidents?q=bucket%00", null, "q" },
        { "GET", "/incidents?service=check%00out", null, "service" },
        { "GET", "/incidents?status=%01", null, "status" },
        { "GET", "/incidents/{id}/timeline?after=1%00", null, "after" },
        { "GET", "/incidents/{id}/updates/draft?template=%00", null, "template" },
        { "POST", "/incidents/{id}/evidence/file?name=invoice%00.exe", null, "name" },
        { "GET", "/incidents?%00=x", null, "query" },

        // JSON fields, on several endpoints
        { "POST", "/incidents", """{"title": "Checkout\u0000down", "severity": "SEV-2"}""", "title" },
        { "POST", "/incidents", """{"title": "Checkout down", "severity": "SEV-2", "services": ["checkout", "pay\u0000"]}""", "services[1]" },
        { "POST", "/incidents", """{"title": "Checkout down", "severity": "SEV-2", "commander": "ad\u0000min"}""", "commander" },
        { "POST", "/incidents", """{"title": "Checkout down", "severity": "SEV\u0000-2"}""", "severity" },
        { "POST", "/incidents", """{"title": "Checkout down", "triage": {"usersAffected": "all\u0000"}}""", "triage.usersAffected" },
        { "POST", "/incidents", """{"ti\u0000tle": "Checkout down"}""", "body" },
        { "POST", "/incidents/{id}/timeline", """{"kind": "note", "text": "Paged\u0000 the security lead"}""", "text" },
        { "POST", "/incidents/{id}/timeline", """{"kind": "note", "text": "Raw C1: """ + "\u0085" + "\"}", "text" },
        { "POST", "/incidents/{id}/roles", """{"role": "scribe", "user": "ad\u0000min"}""", "user" },
        { "POST", "/incidents/{id}/status", """{"status": "identified", "reason": "x\u001b[31m"}""", "reason" },
        { "POST", "/incidents/{id}/updates", """{"audience": "internal", "text": "\u0000"}""", "text" },
        { "POST", "/incidents/{id}/mitigations", """{"kind": "rollback", "title": "Back", "checklist": {"knownGoodTarget": "v4\u00001"}}""", "checklist.knownGoodTarget" },
        { "POST", "/incidents/{id}/evidence", """{"kind": "text", "name": "policy\u0000.json", "text": "x"}""", "name" },
        { "POST", "/triage", """{"usersAffected": "\u0000"}""", "usersAffected" },
        { "POST", "/users", """{"username": "eve\u0000", "role": "viewer"}""", "username" },
        { "POST", "/tokens", """{"name": "laptop\u0000"}""", "name" },

        // Route values (a NUL in the path never gets this far: the server refuses to decode it)
        { "GET", "/incidents/1%01", null, "path" },
        { "POST", "/incidents/{id}/checklists/secu%1Brity/items/1", "{}", "path" },
        { "GET", "/incidents/{id}/evidence/1%7F/content", null, "path" },
        { "PATCH", "/users/ad%C2%85min", """{"role": "viewer"}""", "path" },
    };

    [SkippableTheory]
    [MemberData(nameof(ApiRequests))]
    public async Task Api_WithAControlCharacter_Is400NamingTheField_AndChangesNothing(string method, string path, string? body, string field)
    {
        var before = await StateAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1" + path.Replace("{id}", fixture.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = body is not null ? new StringContent(body, Encoding.UTF8, "application/json") : method == "GET" ? null : new ByteArrayContent([1, 2, 3]),
        };

        await HttpAssert.InvalidAsync(await fixture.Admin.SendAsync(request), field, "control characters");
        Assert.Equal(before, await StateAsync());
    }

    [SkippableFact]
    public async Task Header_WithAControlCharacter_Is400NamingIt_AndChangesNothing()
    {
        var before = await StateAsync();
        using var content = new ByteArrayContent([1, 2, 3]);
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", "application/x-\0evil"));

        var response = await fixture.Admin.PostAsync(IncidentApi.Url(fixture.Id, "evidence/file?name=dump.bin"), content);

        await HttpAssert.InvalidAsync(response, "Content-Type", "control characters");
        Assert.Equal(before, await StateAsync());
    }

    [SkippableTheory]
    [InlineData("ad\0min")]
    [InlineData("admin\0")]
    [InlineData("\0")]
    [InlineData("ad\u202Emin")]
    public async Task BasicAuth_WithAControlCharacterInTheUsername_Is401(string username)
    {
        var before = await StateAsync();
        using var client = fixture.Factory.Basic(username, FirebreakFactory.UserPassword);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "not accepted");
        await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/tokens", new StringContent("""{"name": "x"}""", Encoding.UTF8, "application/json")), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await StateAsync());
    }

    /// <summary>A room form (url-encoded, as a browser posts it), its action after /ui/incidents/{id}/, and the field holding the NUL.</summary>
    [SkippableTheory]
    [InlineData("entries", "kind=note&text=Paged%00", "text")]
    [InlineData("roles", "role=scribe&user=ro%00sa", "user")]
    [InlineData("status", "status=identified&reason=%00", "reason")]
    [InlineData("mitigations", "kind=scale&title=More%01pods", "title")]
    public async Task RoomForm_WithAControlCharacter_IsThe400PageNamingTheField_NotTheSecurityTokenPage(string action, string fields, string field)
    {
        var web = await fixture.WebAsync();
        var before = await StateAsync();
        var posted = fields.Split('&').Select(f => f.Split('=')).Select(f => (f[0], Uri.UnescapeDataString(f[1]))).ToList();

        var response = await web.PostFormAsync($"/incidents/{fixture.Id}", $"/ui/incidents/{fixture.Id}/{action}", posted);

        await AssertBadRequestPageAsync(response, field);
        Assert.Equal(before, await StateAsync());
    }

    [SkippableFact]
    public async Task SignInForm_WithANulInTheUsername_IsThe400PageNamingIt()
    {
        using var anonymous = WebSession.Anonymous(fixture.Factory);
        var before = await StateAsync();

        var response = await anonymous.PostFormAsync("/signin", "/signin", [("username", "ro\0sa"), ("password", FirebreakFactory.UserPassword)]);

        await AssertBadRequestPageAsync(response, "username");
        Assert.Equal(before, await StateAsync());
    }

    [SkippableTheory]
    [InlineData("text", "name", "policy\0.json")]
    [InlineData("text", "text", "{\"public\": \0}")]
    [InlineData("file", "file", "invoice\0.exe")]
    public async Task EvidenceForm_WithANulInAFieldOrTheFileName_IsThe400PageNamingIt(string kind, string field, string value)
    {
        var web = await fixture.WebAsync();
        var before = await StateAsync();
        var page = $"/incidents/{fixture.Id}";
        var action = $"/ui/incidents/{fixture.Id}/evidence";

        var response = kind == "file"
            ? await web.PostMultipartAsync(page, action, [], ("file", value, [1, 2, 3]))
            : await web.PostMultipartAsync(page, action, [("text", field == "text" ? value : "x"), ("name", field == "name" ? value : "x")]);

        await AssertBadRequestPageAsync(response, field);
        Assert.Equal(before, await StateAsync());
    }

    [SkippableTheory]
    [InlineData("/incidents?q=bucket%00", "q")]
    [InlineData("/incidents?service=%00", "service")]
    [InlineData("/incidents/{id}%01", "path")]
    [InlineData("/incidents/{id}?template=%00", "template")]
    public async Task Page_WithAControlCharacterInTheAddress_IsThe400PageNamingIt(string path, string field)
    {
        var web = await fixture.WebAsync();

        await AssertBadRequestPageAsync(await web.GetAsync(path.Replace("{id}", fixture.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)), field);
    }

    private static async Task AssertBadRequestPageAsync(HttpResponseMessage response, string field)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected the 400 page, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>That request was not accepted</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<strong>{field}:</strong>", html, StringComparison.Ordinal);
        Assert.Contains("control characters", html, StringComparison.Ordinal);
        Assert.DoesNotContain("security token", html, StringComparison.Ordinal);
    }

    /// <summary>The incident, its timeline and evidence, the incident count, and the accounts and the admin's tokens.</summary>
    private async Task<(object Incident, string Users, string Tokens)> StateAsync() =>
        (await fixture.StateAsync(),
            await (await fixture.Admin.GetAsync("/api/v1/users")).Content.ReadAsStringAsync(),
            await (await fixture.Admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync());
}

public sealed class SqliteControlCharacterTests(SqliteRouteInputFixture fixture) : ControlCharacterTests(fixture), IClassFixture<SqliteRouteInputFixture>;

public sealed class PostgresControlCharacterTests(PostgresRouteInputFixture fixture) : ControlCharacterTests(fixture), IClassFixture<PostgresRouteInputFixture>;
