using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Api;

/// <summary>
/// Every route that reads a body, found from the running app, answers garbage with a 4xx problem
/// (never a 5xx) and changes nothing.
/// </summary>
public abstract class MalformedBodyTests : EngineTests
{
    public static TheoryData<string> Garbage =>
    [
        "truncated", "array", "null", "number", "string", "trailing-garbage", "deep-nesting", "invalid-utf8",
        "object-for-string", "huge-number", "comment", "single-quotes",
    ];

    [SkippableTheory]
    [MemberData(nameof(Garbage))]
    public async Task EveryBodyRoute_WithGarbageBody_Is4xxProblemAndWritesNothing(string garbage)
    {
        using var admin = Factory.Admin();
        var id = await admin.DeclareIdAsync();
        await admin.AddEntryAsync(id, "note", "baseline");
        var incident = await admin.SnapshotAsync(id);
        var users = await (await admin.GetAsync("/api/v1/users")).Content.ReadAsStringAsync();
        var tokens = await (await admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();

        var all = ApiRoutes.All(Factory.Services);
        var routes = all.Where(r => r.AcceptsJson).ToList();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} routes accept a JSON body: {string.Join(", ", routes)}");

        // The one raw-body route takes any bytes as a file: garbage is a valid file there (EvidenceTests cover it).
        Assert.Equal(["POST /api/v1/incidents/{id}/evidence/file"], all.Where(r => r.AcceptsBody && !r.AcceptsJson).Select(r => r.ToString()));

        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var content = new ByteArrayContent(Body(garbage));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path) { Content = content };
            using var response = await admin.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500)
            {
                failures.Add($"{route}: {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (response.Content.Headers.ContentType?.MediaType != HttpAssert.ProblemJson)
            {
                failures.Add($"{route}: {status} as {response.Content.Headers.ContentType?.MediaType}");
            }
        }

        Assert.True(failures.Count == 0, $"Garbage '{garbage}' was not refused with a 4xx problem:\n{string.Join('\n', failures)}");
        Assert.Equal(incident, await admin.SnapshotAsync(id));
        Assert.Equal(1, await admin.TotalAsync());
        Assert.Equal(users, await (await admin.GetAsync("/api/v1/users")).Content.ReadAsStringAsync());
        Assert.Equal(tokens, await (await admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync());
    }

    private static byte[] Body(string garbage) => garbage switch
    {
        "truncated" => Encoding.UTF8.GetBytes("""{"title": "x", "kind": """),
        "array" => Encoding.UTF8.GetBytes("[1, 2, 3]"),
        "null" => Encoding.UTF8.GetBytes("null"),
        "number" => Encoding.UTF8.GetBytes("42"),
        "string" => Encoding.UTF8.GetBytes("\"hello\""),
        "trailing-garbage" => Encoding.UTF8.GetBytes("{} and more"),
        "deep-nesting" => Encoding.UTF8.GetBytes("""{"title": """ + new string('[', 500) + new string(']', 500) + "}"),
        "invalid-utf8" => [.. Encoding.UTF8.GetBytes("{\"title\": \""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")],
        "object-for-string" => Encoding.UTF8.GetBytes("""{"title": {"text": "x"}, "kind": {"x": 1}, "name": {"x": 1}, "username": {"x": 1}, "role": {"x": 1}, "status": {"x": 1}, "severity": {"x": 1}, "reason": {"x": 1}, "current": {"x": 1}}"""),
        "huge-number" => Encoding.UTF8.GetBytes("""{"entry": 1e400, "disabled": 1e400, "pinned": 1e400, "title": 1e400, "name": 1e400, "username": 1e400, "current": 1e400, "kind": 1e400, "status": 1e400, "severity": 1e400, "reason": 1e400, "role": 1e400}"""),
        "comment" => Encoding.UTF8.GetBytes("""{/* note */ "title": "x"}"""),
        "single-quotes" => Encoding.UTF8.GetBytes("{'title': 'x'}"),
        _ => throw new ArgumentOutOfRangeException(nameof(garbage), garbage, null),
    };
}

public sealed class SqliteMalformedBodyTests : MalformedBodyTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresMalformedBodyTests : MalformedBodyTests
{
    protected override Engine Engine => Engine.Postgres;
}
