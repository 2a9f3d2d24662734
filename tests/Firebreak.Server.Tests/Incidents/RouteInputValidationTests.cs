using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// Bad input to every process route — malformed JSON, wrong types, unknown fields, missing fields,
/// unknown enum values, unknown or non-numeric ids, steps out of order — answers a 4xx problem with
/// a detail (and the field to fix, for a 400), never a 5xx, and writes nothing.
/// </summary>
public abstract class RouteInputValidationTests(RouteInputFixture fixture)
{
    /// <summary>Every process route that takes a JSON body, with a body it accepts.</summary>
    public static TheoryData<string, string> JsonRoutes => new()
    {
        { "updates", """{"text":"Still investigating"}""" },
        { "mitigations", """{"kind":"scale","title":"More pods"}""" },
        { "mitigations/1/approve", "{}" },
        { "mitigations/1/start", "{}" },
        { "mitigations/1/apply", "{}" },
        { "mitigations/1/verify", "{}" },
        { "mitigations/1/abandon", """{"note":"Not needed"}""" },
        { "hypotheses/{hypothesis}", """{"status":"rejected"}""" },
        { "checklists/security/items/1", "{}" },
        { "evidence", """{"kind":"text","text":"x"}""" },
    };

    /// <summary>Path (after /api/v1/incidents/{id}/, with {hypothesis}, {note}, {text} and {link} filled in), body, status, field, detail.</summary>
    public static TheoryData<string, string, int, string, string> BadRequests => new()
    {
        // Updates
        { "updates", """{"text": 5}""", 400, "text", "must be a string" },
        { "updates", """{"text": "x", "channel": "slack"}""", 400, "channel", "Unknown field 'channel'" },
        { "updates", """{"audience": "internal"}""", 400, "text", "'text' is required" },
        { "updates", """{"text": "   "}""", 400, "text", "'text' is required" },
        { "updates", """{"audience": "everyone", "text": "x"}""", 400, "audience", "Unknown audience 'everyone'" },
        { "updates", """{"audience": "public", "status": "fixed", "text": "x"}""", 400, "status", "Unknown public status 'fixed'" },
        { "updates", """{"audience": ["public"], "text": "x"}""", 400, "audience", "must be a string" },
        { "updates", """{"text": "x", "override": 1}""", 400, "override", "must be a string" },

        // Mitigations
        { "mitigations", """{"title": "Reboot everything"}""", 400, "kind", "Unknown mitigation kind" },
        { "mitigations", """{"kind": "reboot", "title": "Reboot everything"}""", 400, "kind", "rollback, feature-flag, failover" },
        { "mitigations", """{"kind": "scale"}""", 400, "title", "'title' is required" },
        { "mitigations", """{"kind": "scale", "title": "More pods", "risky": "yes"}""", 400, "risky", "true or false" },
        { "mitigations", """{"kind": "scale", "title": "More pods", "eta": "5m"}""", 400, "eta", "Unknown field 'eta'" },
        { "mitigations", """{"kind": "scale", "title": "More pods", "owner": "nobody"}""", 400, "owner", "no active user 'nobody'" },
        { "mitigations", """{"kind": "scale", "title": "More pods", "owner": 7}""", 400, "owner", "must be a string" },
        { "mitigations", """{"kind": "rollback", "title": "Back to 41"}""", 400, "checklist", "A rollback records its checklist" },
        { "mitigations", """{"kind": "rollback", "title": "Back to 41", "checklist": {"safe": true}}""", 400, "checklist.safe", "Unknown field 'checklist.safe'" },
        { "mitigations", """{"kind": "rollback", "title": "Back to 41", "checklist": {"noIrreversibleMigration": "yes"}}""", 400, "checklist.noIrreversibleMigration", "true or false" },
        { "mitigations", """{"kind": "rollback", "title": "Back to 41", "checklist": "safe"}""", 400, "checklist", "wrong type" },

        // Mitigation steps
        { "mitigations/1/apply", "{}", 400, "mitigation", "Mitigation 1 is proposed; it can move to started or abandoned, not applied" },
        { "mitigations/1/verify", """{"note": "looks fine"}""", 400, "mitigation", "not verified" },
        { "mitigations/1/approve", "{}", 400, "mitigation", "not marked risky" },
        { "mitigations/1/start", """{"note": 5}""", 400, "note", "must be a string" },
        { "mitigations/1/start", """{"force": true}""", 400, "force", "Unknown field 'force'" },

        // Hypotheses
        { "hypotheses/{hypothesis}", """{"status": "maybe"}""", 400, "status", "open, confirmed or rejected" },
        { "hypotheses/{hypothesis}", "{}", 400, "status", "open, confirmed or rejected" },
        { "hypotheses/{hypothesis}", """{"status": true}""", 400, "status", "must be a string" },
        { "hypotheses/{note}", """{"status": "confirmed"}""", 400, "entry", "is not a hypothesis" },
        { "hypotheses/1", """{"status": "confirmed"}""", 400, "entry", "is not a hypothesis" },

        // Checklists
        { "checklists/security/items/0", "{}", 400, "item", "items 1 to 6" },
        { "checklists/security/items/7", "{}", 400, "item", "items 1 to 6" },
        { "checklists/security/items/two", "{}", 400, "item", "'two', is not a number" },
        { "checklists/security/items/1", """{"done": true}""", 400, "done", "Unknown field 'done'" },

        // Evidence (JSON)
        { "evidence", """{"name": "x", "text": "y"}""", 400, "kind", "Unknown evidence kind" },
        { "evidence", """{"kind": "file", "name": "x"}""", 400, "kind", "evidence/file" },
        { "evidence", """{"kind": "text"}""", 400, "text", "'text' is required" },
        { "evidence", """{"kind": "text", "text": "x", "verification": "yes"}""", 400, "verification", "true or false" },
        { "evidence", """{"kind": "text", "text": "x", "name": "  "}""", 400, "name", "'name' is required" },
        { "evidence", """{"kind": "text", "text": "x", "sha256": "abc"}""", 400, "sha256", "Unknown field 'sha256'" },
        { "evidence", """{"kind": "link"}""", 400, "url", "absolute http(s) address" },
        { "evidence", """{"kind": "link", "url": "ftp://files.example.com/dump"}""", 400, "url", "absolute http(s) address" },
        { "evidence", """{"kind": "link", "url": "grafana/d/abc"}""", 400, "url", "absolute http(s) address" },
        { "evidence", """{"kind": "link", "url": 42}""", 400, "url", "must be a string" },
    };

    /// <summary>Method, path (as above), status and detail for ids that do not exist or are not ids.</summary>
    public static TheoryData<string, string, string?, int, string> UnknownIds => new()
    {
        { "POST", "mitigations/9/start", "{}", 404, "has no mitigation 9" },
        { "POST", "mitigations/9/abandon", """{"note": "x"}""", 404, "has no mitigation 9" },
        // A route id that is not a number is a 400 that names it, not "no mitigation 0".
        { "POST", "mitigations/abc/start", "{}", 400, "mitigation in the path, 'abc', is not a number" },
        { "POST", "mitigations/-1/approve", "{}", 400, "mitigation in the path, '-1', is not a number" },
        { "POST", "mitigations/99999999999/apply", "{}", 400, "mitigation in the path, '99999999999', is not a number" },
        { "POST", "hypotheses/999", """{"status": "confirmed"}""", 404, "has no timeline entry 999" },
        { "POST", "hypotheses/abc", """{"status": "confirmed"}""", 400, "entry in the path, 'abc', is not a number" },
        { "POST", "checklists/security/items/abc", "{}", 400, "item in the path, 'abc', is not a number" },
        { "POST", "checklists/security/items/99999999999", "{}", 400, "item in the path, '99999999999', is not a number" },
        { "POST", "checklists/legal/items/1", "{}", 404, "no checklist 'legal'" },
        { "GET", "evidence/999/content", null, 404, "has no evidence 999" },
        { "GET", "evidence/{link}/content", null, 404, "is a link" },
    };

    /// <summary>Every process route on an incident, for the unknown and non-numeric incident ids.</summary>
    public static TheoryData<string, string, string?> AllIncidentRoutes
    {
        get
        {
            var data = new TheoryData<string, string, string?>();
            foreach (var row in JsonRoutes)
            {
                data.Add("POST", (string)row[0], (string)row[1]);
            }

            data.Add("POST", "evidence/file?name=x.bin", null);
            data.Add("GET", "evidence", null);
            data.Add("GET", "evidence/1/content", null);
            data.Add("GET", "updates/draft", null);
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_Is4xxProblemNamingTheField_AndWritesNothing(string path, string body, int status, string field, string detail)
    {
        var before = await fixture.StateAsync();

        var response = await fixture.Admin.PostRawAsync(Url(path), body);

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)status, detail);
        Assert.True(problem.TryGetProperty("field", out var named), $"The 400 problem has no 'field': {problem}");
        Assert.Equal(field, named.GetString());
        Assert.Equal(before, await fixture.StateAsync());
    }

    [SkippableFact]
    public async Task Abandon_WithoutAReason_Is400AndWritesNothing()
    {
        var before = await fixture.StateAsync();

        var problem = await HttpAssert.ProblemAsync(await fixture.Admin.PostRawAsync(Url("mitigations/1/abandon"), "{}"), HttpStatusCode.BadRequest, "Say why it is abandoned");

        Assert.False(string.IsNullOrEmpty(problem.Str("field")));
        Assert.Equal(before, await fixture.StateAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(UnknownIds))]
    public async Task UnknownOrNonNumericId_Is404Problem_AndWritesNothing(string method, string path, string? body, int status, string detail)
    {
        var before = await fixture.StateAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path)) { Content = body is null ? null : Json(body) };
        var response = await fixture.Admin.SendAsync(request);

        await HttpAssert.ProblemAsync(response, (HttpStatusCode)status, detail);
        Assert.Equal(before, await fixture.StateAsync());
    }

    /// <summary>Evidence is numbered within its incident; anything but a number there is a 400 naming it, as for mitigations and entries.</summary>
    [SkippableTheory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task EvidenceContent_WithANonNumericNumber_Is400NamingIt_AndWritesNothing(string evidence)
    {
        var before = await fixture.StateAsync();

        await HttpAssert.InvalidAsync(await fixture.Admin.GetAsync(Url($"evidence/{evidence}/content")), "evidence", $"'{evidence}', is not a number", "GET /api/v1/incidents/");

        Assert.Equal(before, await fixture.StateAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_WithMalformedJson_Is400Body(string path, string body)
    {
        _ = body;
        await AssertRefusedAsync(() => fixture.Admin.PostRawAsync(Url(path), "{,}"), HttpStatusCode.BadRequest, "body", "not valid JSON");
    }

    [SkippableTheory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_WithAJsonThatIsNotAnObject_Is400Body(string path, string body)
    {
        _ = body;
        foreach (var notAnObject in new[] { "null", "[]", "\"text\"", "7" })
        {
            await AssertRefusedAsync(() => fixture.Admin.PostRawAsync(Url(path), notAnObject), HttpStatusCode.BadRequest, "body");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_WithAnUnknownField_Is400NamingIt(string path, string body)
    {
        var withExtra = body.TrimEnd('}') + (body.Length > 2 ? ", " : string.Empty) + "\"urgency\": \"high\"}";
        await AssertRefusedAsync(() => fixture.Admin.PostRawAsync(Url(path), withExtra), HttpStatusCode.BadRequest, "urgency", "Unknown field 'urgency'");
    }

    [SkippableTheory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_WithAFormBody_Is415(string path, string body)
    {
        _ = body;
        await AssertRefusedAsync(() => fixture.Admin.PostRawAsync(Url(path), "text=hello", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, null, "application/json");
    }

    [SkippableTheory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_WithABodyOver1MiB_Is413(string path, string body)
    {
        _ = body;
        await AssertRefusedAsync(() => fixture.Admin.PostRawAsync(Url(path), $$"""{"text": "{{new string('x', 1024 * 1024)}}"}"""), HttpStatusCode.RequestEntityTooLarge, null, "1024 KiB");
    }

    /// <summary>The routes that run an incident command, which honours If-Match (attaching evidence does not read it).</summary>
    public static TheoryData<string, string> CommandRoutes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var row in JsonRoutes.Where(r => (string)r[0] != "evidence"))
            {
                data.Add((string)row[0], (string)row[1]);
            }

            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(CommandRoutes))]
    public async Task CommandRoute_WithAStaleIfMatch_Is412(string path, string body)
    {
        var current = (await fixture.StateAsync()).Incident.Version;
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{current - 1}\"");
        await AssertRefusedAsync(() => fixture.Admin.SendAsync(request), HttpStatusCode.PreconditionFailed, null, $"version {current - 1}");
    }

    [SkippableTheory]
    [MemberData(nameof(AllIncidentRoutes))]
    public async Task Route_OnAnUnknownIncident_Is404(string method, string path, string? body)
    {
        foreach (var incident in new[] { "999", "INC-999", "abc", "0", "-1", "99999999999999999999" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{IncidentApi.Incidents}/{incident}/{Fill(path)}") { Content = Content(path, body) };
            var response = await fixture.Admin.SendAsync(request);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, long.TryParse(incident.Replace("INC-", string.Empty, StringComparison.Ordinal), out var n) && n > 0 ? $"INC-{n}" : $"'{incident}' is not an incident id");
        }

        Assert.Equal(1, await fixture.Admin.TotalAsync());
    }

    [SkippableFact]
    public async Task Triage_WithBadInput_Is400NamingTheField()
    {
        var cases = new (string Body, string Field, string Detail)[]
        {
            ("""{"usersAffected": "lots"}""", "usersAffected", "'lots' is not an answer"),
            ("""{"dataLoss": "perhaps"}""", "dataLoss", "yes, no or unknown"),
            ("""{"rollbackPossible": "sometimes"}""", "rollbackPossible", "yes, no or unknown"),
            ("""{"dataLoss": true}""", "dataLoss", "must be a string"),
            ("""{"startedAt": "yesterday"}""", "startedAt", "ISO-8601"),
            ("""{"mood": "bad"}""", "mood", "Unknown field 'mood'"),
            ("""{"usersAffected": "all",}""", "body", "not valid JSON"),
            ("null", "body", "JSON null"),
            ("[]", "body", "JSON object"),
            ("", "body", "needs a JSON object body"),
        };
        foreach (var (body, field, detail) in cases)
        {
            await HttpAssert.InvalidAsync(await fixture.Admin.PostRawAsync("/api/v1/triage", body), field, detail);
        }

        await HttpAssert.ProblemAsync(await fixture.Admin.PostRawAsync("/api/v1/triage", "usersAffected=all", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "application/json");
        Assert.Equal(1, await fixture.Admin.TotalAsync());
    }

    [SkippableFact]
    public async Task Draft_WithAnUnknownTemplate_Is400AndWritesNothing()
    {
        var before = await fixture.StateAsync();
        await HttpAssert.InvalidAsync(await fixture.Admin.GetAsync(Url("updates/draft?template=weekly")), "template", "no template 'weekly'", "declared, investigating, identified, monitoring, resolved");
        await HttpAssert.InvalidAsync(await fixture.Admin.GetAsync(Url("updates/draft?template=%7B%7Btitle%7D%7D")), "template", "no template");
        Assert.Equal(before, await fixture.StateAsync());
    }

    [SkippableFact]
    public async Task FileUpload_WithBadInput_Is400NamingTheFieldAndWritesNothing()
    {
        var before = await fixture.StateAsync();

        await HttpAssert.InvalidAsync(await fixture.Admin.UploadAsync(fixture.Id, [1, 2, 3], string.Empty), "name", "'name' query parameter");
        await HttpAssert.InvalidAsync(await fixture.Admin.UploadAsync(fixture.Id, [1, 2, 3], "?name=%20%20"), "name", "'name' query parameter");
        await HttpAssert.InvalidAsync(await fixture.Admin.UploadAsync(fixture.Id, [1, 2, 3], "?name=" + new string('n', 201)), "name", "at most 200 characters");
        await HttpAssert.InvalidAsync(await fixture.Admin.UploadAsync(fixture.Id, [], "?name=empty.bin"), "body", "The file is empty");
        await HttpAssert.InvalidAsync(await fixture.Admin.UploadAsync(fixture.Id, [1, 2, 3], "?name=x.bin&verification=maybe"), "verification", "true or false");
        await HttpAssert.ProblemAsync(await fixture.Admin.UploadAsync(fixture.Id, new byte[(10 * 1024 * 1024) + 1], "?name=big.bin"), HttpStatusCode.RequestEntityTooLarge, "10240 KiB");

        Assert.Equal(before, await fixture.StateAsync());
    }

    [SkippableFact]
    public async Task Declare_WithBadTriage_Is400NamingTheNestedField()
    {
        await HttpAssert.InvalidAsync(await fixture.Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "x", "triage": {"usersAffected": "lots"}}"""), "triage.usersAffected", "'lots' is not an answer");
        await HttpAssert.InvalidAsync(await fixture.Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "x", "triage": {"workaround": 1}}"""), "triage.workaround", "must be a string");
        await HttpAssert.InvalidAsync(await fixture.Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "x", "triage": "yes"}"""), "triage", "wrong type");
        Assert.Equal(1, await fixture.Admin.TotalAsync());
    }

    private string Fill(string path) => path
        .Replace("{hypothesis}", fixture.Hypothesis.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{note}", fixture.Note.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{text}", fixture.TextEvidence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{link}", fixture.LinkEvidence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private string Url(string path) => IncidentApi.Url(fixture.Id, Fill(path));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpContent? Content(string path, string? body)
    {
        if (path.StartsWith("evidence/file", StringComparison.Ordinal))
        {
            var bytes = new ByteArrayContent([1, 2, 3]);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return bytes;
        }

        return body is null ? null : Json(body);
    }

    /// <summary>Sends, asserts the problem (with the field for a 400), and that nothing changed.</summary>
    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? field, params string[] detail)
    {
        var before = await fixture.StateAsync();
        var response = await send();
        if (field is null)
        {
            await HttpAssert.ProblemAsync(response, status, detail);
        }
        else
        {
            await HttpAssert.InvalidAsync(response, field, detail);
        }

        Assert.Equal(before, await fixture.StateAsync());
    }
}

public sealed class SqliteRouteInputValidationTests(SqliteRouteInputFixture fixture) : RouteInputValidationTests(fixture), IClassFixture<SqliteRouteInputFixture>;

public sealed class PostgresRouteInputValidationTests(PostgresRouteInputFixture fixture) : RouteInputValidationTests(fixture), IClassFixture<PostgresRouteInputFixture>;
