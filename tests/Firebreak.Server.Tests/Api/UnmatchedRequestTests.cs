using System.Net;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Api;

/// <summary>Requests no endpoint takes still get a problem that says what to do.</summary>
public sealed class UnmatchedRequestTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task UnknownRoute_Is404ProblemPointingToTheApiDocument()
    {
        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/v1/incidnets"), HttpStatusCode.NotFound, "/openapi/v1.json");
    }

    [Fact]
    public async Task WrongMethod_Is405Problem()
    {
        using var admin = _factory.Admin();
        var id = await admin.DeclareIdAsync();
        await HttpAssert.ProblemAsync(await admin.DeleteAsync(IncidentApi.Url(id)), HttpStatusCode.MethodNotAllowed, "method");
        Assert.Equal(1, await admin.TotalAsync());
    }

    [Theory]
    [InlineData("/incidnets")]
    [InlineData("/no/such/page")]
    public async Task UnknownUrl_InABrowser_IsTheNotFoundPage(string path)
    {
        using var browser = _factory.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/incidents\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiUrl_InABrowser_IsStillProblemJson()
    {
        using var admin = _factory.Admin();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/incidnets");
        request.Headers.Accept.ParseAdd("text/html");

        await HttpAssert.ProblemAsync(await admin.SendAsync(request), HttpStatusCode.NotFound, "/openapi/v1.json");
    }

    public void Dispose() => _factory.Dispose();
}
