using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Firebreak.Server.Tests;

public sealed class SmokeTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task Declare_ThenGet_ReturnsIncidentWithETag()
    {
        using var admin = _factory.Admin();
        var declared = await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Checkout down", severity = "P0" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        Assert.Equal("/api/v1/incidents/1", declared.Headers.Location?.OriginalString);

        var shown = await admin.GetAsync("/api/v1/incidents/INC-1");
        var body = await shown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SEV-1", body.GetProperty("severity").GetString());
        Assert.Equal("\"2\"", shown.Headers.ETag?.Tag);
    }

    public void Dispose() => _factory.Dispose();
}
