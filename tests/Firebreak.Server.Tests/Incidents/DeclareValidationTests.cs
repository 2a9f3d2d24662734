using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>A bad declaration is refused with a problem that says what to fix, and no incident is created.</summary>
public abstract class DeclareValidationTests : EngineTests
{
    [SkippableTheory]
    [InlineData("""{"title": "Checkout down" "severity": "SEV-1"}""", "body", "line 1, byte 27")]
    [InlineData("""{"title": "Checkout down", "severity": "SEV-1",}""", "body", "not valid JSON")]
    [InlineData("""{"title": Checkout down, "severity": "SEV-1"}""", "title", "not valid JSON")]
    [InlineData("""{"title": "Checkout down", "severity": """, "severity", "not valid JSON")]
    public async Task Declare_WithMalformedJson_Is400AndWritesNothing(string body, string field, string detail)
    {
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, body);
        await HttpAssert.InvalidAsync(response, field, "not valid JSON", "check quotes, commas and brackets", detail);
        await AssertNothingDeclaredAsync();
    }

    [SkippableTheory]
    [InlineData("""{"title": 5, "severity": "SEV-1"}""", "title", "must be a string")]
    [InlineData("""{"title": "Checkout down", "severity": 1}""", "severity", "must be a string")]
    [InlineData("""{"title": "Checkout down", "severity": "SEV-1", "startedAt": "yesterday"}""", "startedAt", "ISO-8601")]
    [InlineData("""{"title": "Checkout down", "severity": "SEV-1", "services": "x"}""", "services", "array")]
    [InlineData("""{"title": "Checkout down", "severity": "SEV-1", "services": [5]}""", "services[0]", "must be a string")]
    [InlineData("""{"title": "Checkout down", "severity": "SEV-1", "private": "yes"}""", "private", "true or false")]
    public async Task Declare_WithJsonOfWrongType_Is400NamingTheFieldAndWritesNothing(string body, string field, string detail)
    {
        var problem = await HttpAssert.InvalidAsync(await Admin.PostRawAsync(IncidentApi.Incidents, body), field, $"'{field}'", detail);
        Assert.Contains("wrong type", HttpAssert.Detail(problem), StringComparison.Ordinal);
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithUnknownProperty_Is400NamingItAndWritesNothing()
    {
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "Checkout down", "severity": "SEV-1", "colour": "red"}""");
        await HttpAssert.InvalidAsync(response, "colour", "Unknown field 'colour'");
        await AssertNothingDeclaredAsync();
    }

    [SkippableTheory]
    [InlineData("""{"severity": "SEV-1"}""")]
    [InlineData("""{"title": null, "severity": "SEV-1"}""")]
    [InlineData("""{"title": "   ", "severity": "SEV-1"}""")]
    public async Task Declare_WithoutTitle_Is400AndWritesNothing(string body)
    {
        await HttpAssert.InvalidAsync(await Admin.PostRawAsync(IncidentApi.Incidents, body), "title", "'title' is required");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithoutSeverity_Is400ListingTheLevelsAndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down" });
        await HttpAssert.InvalidAsync(response, "severity", "'severity' is required", "SEV-1", "SEV-4");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithUnknownSeverity_Is400ListingTheLevelsAndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-9" });
        await HttpAssert.InvalidAsync(response, "severity", "SEV-9", "SEV-1", "P0");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithTitleOver200Chars_Is400AndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = new string('x', 201), severity = "SEV-1" });
        await HttpAssert.InvalidAsync(response, "title", "201", "200");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithTitleOfExactly200Chars_IsAccepted()
    {
        var declared = await Admin.DeclareAsync(new string('x', 200), "SEV-1");
        Assert.Equal(200, declared.Str("title").Length);
    }

    [SkippableFact]
    public async Task Declare_WithControlCharactersInTitle_Is400AndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout\u0007down", severity = "SEV-1" });
        await HttpAssert.InvalidAsync(response, "title", "control characters");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithStartAtTheDefaultDate_Is400NamingTheRangeAndWritesNothing()
    {
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, """{"title":"Checkout down","severity":"SEV-1","startedAt":"0001-01-01T00:00:00Z"}""");
        await HttpAssert.InvalidAsync(response, "startedAt", "more than 10 years ago", "and now");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithStartInTheFuture_Is400AndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-1", startedAt = DateTimeOffset.UtcNow.AddDays(1) });
        await HttpAssert.InvalidAsync(response, "startedAt", "future");
        await AssertNothingDeclaredAsync();
    }

    [SkippableTheory]
    [InlineData("closed")]
    [InlineData("resolved")]
    [InlineData("sideways")]
    public async Task Declare_WithStatusOtherThanTriageOrInvestigating_Is400AndWritesNothing(string status)
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-1", status });
        await HttpAssert.InvalidAsync(response, "status", "triage", "investigating", status);
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithUnknownCommander_Is400AndWritesNothing()
    {
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-1", commander = "ghost" });
        await HttpAssert.InvalidAsync(response, "commander", "ghost");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithTooManyServices_Is400AndWritesNothing()
    {
        var services = Enumerable.Range(1, 51).Select(i => $"svc-{i}").ToArray();
        var response = await Admin.PostAsJsonAsync(IncidentApi.Incidents, new { title = "Checkout down", severity = "SEV-1", services });
        await HttpAssert.InvalidAsync(response, "services", "51", "50");
        await AssertNothingDeclaredAsync();
    }

    [SkippableTheory]
    [InlineData("", "body", "JSON object")]
    [InlineData("null", "body", "JSON null")]
    [InlineData("[]", "body", "JSON object")]
    [InlineData("\"Checkout down\"", "body", "JSON object")]
    public async Task Declare_WithoutAJsonObjectBody_Is400AndWritesNothing(string body, string field, string detail)
    {
        await HttpAssert.InvalidAsync(await Admin.PostRawAsync(IncidentApi.Incidents, body), field, detail);
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithBodyOver1MiB_Is413AndWritesNothing()
    {
        var body = $$"""{"title": "Checkout down", "severity": "SEV-1", "summary": "{{new string('x', 1024 * 1024)}}"}""";
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, body);
        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1024 KiB");
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithChunkedBodyOver1MiB_Is413AndWritesNothing()
    {
        // No Content-Length: the server has to count while reading.
        var json = Encoding.UTF8.GetBytes($$"""{"title": "Checkout down", "severity": "SEV-1", "summary": "{{new string('x', 1100 * 1024)}}"}""");
        using var content = new StreamContent(new NonSeekableStream(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Incidents) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Admin.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "1024 KiB");
        await AssertNothingDeclaredAsync();
    }

    [SkippableTheory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Declare_WithNonJsonContentType_Is415AndWritesNothing(string contentType)
    {
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "Checkout down", "severity": "SEV-1"}""", contentType);
        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/json", contentType);
        await AssertNothingDeclaredAsync();
    }

    [SkippableFact]
    public async Task Declare_WithJsonSuffixContentType_IsAccepted()
    {
        var response = await Admin.PostRawAsync(IncidentApi.Incidents, """{"title": "Checkout down", "severity": "SEV-1"}""", "application/merge-patch+json");
        await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
    }

    private async Task AssertNothingDeclaredAsync()
    {
        var list = await Admin.ListAsync();
        Assert.Equal(0, list.Long("total"));
        Assert.Empty(list.Items());
        await HttpAssert.ProblemAsync(await Admin.GetAsync(IncidentApi.Url(1)), HttpStatusCode.NotFound);
    }

    /// <summary>A stream with no known length, so the request goes out chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class SqliteDeclareValidationTests : DeclareValidationTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresDeclareValidationTests : DeclareValidationTests
{
    protected override Engine Engine => Engine.Postgres;
}
