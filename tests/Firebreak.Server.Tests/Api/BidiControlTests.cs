using System.Net;
using System.Text;
using Firebreak.Server.Tests.Incidents;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Api;

/// <summary>
/// A bidirectional control (U+202E right-to-left override and its kin) in a title or a name makes
/// text show in another order than it is stored (a file 'invoice', U+202E, 'gnp.exe' shows as 'invoiceexe.png'), so
/// every single-line name refuses it with a 400 naming the field, through the API and the web forms.
/// </summary>
public abstract class BidiControlTests(RouteInputFixture fixture)
{
    /// <summary>Method, path (after /api/v1, {id} for the incident), JSON body, and the field the 400 names.</summary>
    public static TheoryData<string, string, string?, string> ApiRequests => new()
    {
        { "POST", "/incidents", """{"title": "Checkout \u202Edown", "severity": "SEV-2"}""", "title" },
        { "POST", "/incidents", """{"title": "Checkout down", "severity": "SEV-2", "services": ["pay\u2066ments"]}""", "services" },
        { "POST", "/incidents/{id}/mitigations", """{"kind": "scale", "title": "More \u202Dpods"}""", "title" },
        { "POST", "/incidents/{id}/evidence", """{"kind": "text", "name": "invoice\u202Egnp.exe", "text": "x"}""", "name" },
        { "POST", "/incidents/{id}/evidence", """{"kind": "link", "name": "dash\u061Cboard", "url": "https://grafana.example.com/d/1"}""", "name" },
        { "POST", "/incidents/{id}/evidence/file?name=invoice%E2%80%AEgnp.exe", null, "name" },
        { "POST", "/users", """{"username": "eve\u202E", "role": "viewer"}""", "username" },
        { "POST", "/users", """{"username": "eve", "displayName": "Eve \u2067Admin", "role": "viewer"}""", "displayName" },
        { "PATCH", "/users/admin", """{"displayName": "Admin\u200E"}""", "displayName" },
        { "POST", "/tokens", """{"name": "lap\u2069top"}""", "name" },
    };

    [SkippableTheory]
    [MemberData(nameof(ApiRequests))]
    public async Task Api_WithABidiControlInAName_Is400NamingTheField_AndChangesNothing(string method, string path, string? body, string field)
    {
        var before = await StateAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1" + path.Replace("{id}", fixture.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = body is null ? new ByteArrayContent([1, 2, 3]) : new StringContent(body, Encoding.UTF8, "application/json"),
        };

        await HttpAssert.InvalidAsync(await fixture.Admin.SendAsync(request), field, "bidirectional control character");
        Assert.Equal(before, await StateAsync());
    }

    [SkippableTheory]
    [InlineData("declare", "title")]
    [InlineData("mitigations", "title")]
    public async Task WebForm_WithABidiControlInATitle_IsRefusedSayingSo_AndChangesNothing(string form, string field)
    {
        var web = await fixture.WebAsync();
        var before = await StateAsync();

        var response = form == "declare"
            ? await web.PostFormAsync("/incidents/new", "/ui/incidents", [("title", "Checkout \u202Edown"), ("severity", "SEV-2")])
            : await web.PostFormAsync($"/incidents/{fixture.Id}", $"/ui/incidents/{fixture.Id}/mitigations", [("kind", "scale"), ("title", "More \u202Epods")]);

        await AssertRefusedPageAsync(response, field);
        Assert.Equal(before, await StateAsync());
    }

    [SkippableFact]
    public async Task EvidenceForm_WithABidiControlInTheFileName_IsRefusedSayingSo_AndChangesNothing()
    {
        var web = await fixture.WebAsync();
        var before = await StateAsync();

        var response = await web.PostMultipartAsync($"/incidents/{fixture.Id}", $"/ui/incidents/{fixture.Id}/evidence", [], ("file", "invoice\u202Egnp.exe", [1, 2, 3]));

        await AssertRefusedPageAsync(response, "file name");
        Assert.Equal(before, await StateAsync());
    }

    private static async Task AssertRefusedPageAsync(HttpResponseMessage response, string field)
    {
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {html}");
        Assert.Contains($"'{field}' contains an invisible bidirectional control character (U+202E)", html, StringComparison.Ordinal);
    }

    private async Task<(object Incident, string Users, string Tokens)> StateAsync() =>
        (await fixture.StateAsync(),
            await (await fixture.Admin.GetAsync("/api/v1/users")).Content.ReadAsStringAsync(),
            await (await fixture.Admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync());
}

public sealed class SqliteBidiControlTests(SqliteRouteInputFixture fixture) : BidiControlTests(fixture), IClassFixture<SqliteRouteInputFixture>;

public sealed class PostgresBidiControlTests(PostgresRouteInputFixture fixture) : BidiControlTests(fixture), IClassFixture<PostgresRouteInputFixture>;
