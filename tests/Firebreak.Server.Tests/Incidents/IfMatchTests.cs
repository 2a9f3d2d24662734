using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>If-Match carries the version a client last saw; a stale one is refused with 412 and nothing is written.</summary>
public sealed class IfMatchTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();
    private readonly HttpClient _admin;

    public IfMatchTests()
    {
        _admin = _factory.Admin();
    }

    [Theory]
    [InlineData("timeline", """{"kind":"note","text":"Stale view"}""")]
    [InlineData("status", """{"status":"identified"}""")]
    [InlineData("severity", """{"severity":"SEV-1","reason":"Worse"}""")]
    [InlineData("join", null)]
    public async Task Command_WithStaleIfMatch_Is412AndWritesNothing(string command, string? body)
    {
        var id = await _admin.DeclareIdAsync(severity: "SEV-3");
        await _admin.AddEntryAsync(id, "note", "Someone else wrote first");
        var before = await _admin.SnapshotAsync(id);
        Assert.Equal(3, before.Version);

        using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, command)) { Content = Commands.Body(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        var problem = await HttpAssert.ProblemAsync(await _admin.SendAsync(request), HttpStatusCode.PreconditionFailed, "version 2", "version 3", "Reload");

        Assert.Equal(3, problem.Long("currentVersion"));
        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("\"3\"")]
    [InlineData("W/\"3\"")]
    [InlineData("3")]
    [InlineData("*")]
    public async Task AddEntry_WithCurrentIfMatch_Succeeds(string ifMatch)
    {
        var id = await _admin.DeclareIdAsync();
        await _admin.AddEntryAsync(id, "note", "first");

        using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, "timeline")) { Content = JsonContent.Create(new { kind = "note", text = "second" }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await _admin.SendAsync(request);

        var entry = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(4, entry.Long("version"));
        Assert.Equal("\"4\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task ETagFromShow_WorksAsIfMatchUntilSomeoneElseChangesTheIncident()
    {
        var id = await _admin.DeclareIdAsync();
        var shown = await _admin.GetAsync(IncidentApi.Url(id));
        var etag = shown.Headers.ETag!.Tag;

        var first = await SendWithIfMatchAsync(id, "status", new { status = "identified" }, etag);
        var afterFirst = await HttpAssert.JsonAsync(first);
        Assert.Equal("identified", afterFirst.Str("status"));
        Assert.Equal($"\"{afterFirst.Long("version")}\"", first.Headers.ETag?.Tag);

        var second = await SendWithIfMatchAsync(id, "status", new { status = "monitoring" }, etag);
        await HttpAssert.ProblemAsync(second, HttpStatusCode.PreconditionFailed);
        Assert.Equal("identified", (await _admin.GetIncidentAsync(id)).Str("status"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("\"abc\"")]
    [InlineData("-1")]
    public async Task Command_WithGarbageIfMatch_Is400AndWritesNothing(string ifMatch)
    {
        var id = await _admin.DeclareIdAsync();
        var before = await _admin.SnapshotAsync(id);

        using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, "timeline")) { Content = JsonContent.Create(new { kind = "note", text = "hello" }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        await HttpAssert.InvalidAsync(await _admin.SendAsync(request), "If-Match", "ETag");

        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task Command_WithFutureIfMatch_Is412()
    {
        var id = await _admin.DeclareIdAsync();
        var before = await _admin.SnapshotAsync(id);
        var response = await SendWithIfMatchAsync(id, "timeline", new { kind = "note", text = "from the future" }, "\"99\"");
        await HttpAssert.ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await _admin.SnapshotAsync(id));
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameIfMatch_ExactlyOneWins()
    {
        var id = await _admin.DeclareIdAsync();
        const int writers = 10;
        var clients = Enumerable.Range(0, writers).Select(_ => _factory.Admin()).ToList();
        try
        {
            var responses = await Task.WhenAll(clients.Select((client, i) =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, "timeline")) { Content = JsonContent.Create(new { kind = "note", text = $"writer {i}" }) };
                request.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
                return client.SendAsync(request);
            }));

            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(writers - 1, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
            var timeline = await _admin.TimelineAsync(id);
            Assert.Equal([1L, 2L, 3L], timeline.Items().Select(i => i.Long("version")));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private async Task<HttpResponseMessage> SendWithIfMatchAsync(long id, string command, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, command)) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _admin.SendAsync(request);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }
}
