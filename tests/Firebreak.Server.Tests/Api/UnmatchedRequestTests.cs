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

    public void Dispose() => _factory.Dispose();
}
