using System.Net;
using System.Text.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Api;

/// <summary>The OpenAPI document is public and describes the API the server actually maps.</summary>
public sealed class OpenApiTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task OpenApiDocument_IsServedToAnonymousCallers()
    {
        using var anonymous = _factory.Anonymous();
        var document = await HttpAssert.JsonAsync(await anonymous.GetAsync("/openapi/v1.json"));
        Assert.Equal("Firebreak API", document.GetProperty("info").Str("title"));
        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/incidents", "get")]
    [InlineData("/api/v1/incidents", "post")]
    [InlineData("/api/v1/incidents/{id}", "get")]
    [InlineData("/api/v1/incidents/{id}/timeline", "get")]
    [InlineData("/api/v1/incidents/{id}/timeline", "post")]
    [InlineData("/api/v1/incidents/{id}/status", "post")]
    [InlineData("/api/v1/incidents/{id}/severity", "post")]
    [InlineData("/api/v1/incidents/{id}/roles", "post")]
    [InlineData("/api/v1/incidents/{id}/pin", "post")]
    [InlineData("/api/v1/incidents/{id}/decline", "post")]
    [InlineData("/api/v1/incidents/{id}/join", "post")]
    [InlineData("/api/v1/incidents/{id}/leave", "post")]
    [InlineData("/api/v1/severities", "get")]
    [InlineData("/api/v1/triage", "post")]
    [InlineData("/api/v1/incidents/{id}/updates", "post")]
    [InlineData("/api/v1/incidents/{id}/updates/draft", "get")]
    [InlineData("/api/v1/incidents/{id}/mitigations", "post")]
    [InlineData("/api/v1/incidents/{id}/mitigations/{mitigation}/approve", "post")]
    [InlineData("/api/v1/incidents/{id}/mitigations/{mitigation}/start", "post")]
    [InlineData("/api/v1/incidents/{id}/mitigations/{mitigation}/apply", "post")]
    [InlineData("/api/v1/incidents/{id}/mitigations/{mitigation}/verify", "post")]
    [InlineData("/api/v1/incidents/{id}/mitigations/{mitigation}/abandon", "post")]
    [InlineData("/api/v1/incidents/{id}/hypotheses/{entry}", "post")]
    [InlineData("/api/v1/incidents/{id}/checklists/{checklist}/items/{item}", "post")]
    [InlineData("/api/v1/incidents/{id}/evidence", "post")]
    [InlineData("/api/v1/incidents/{id}/evidence", "get")]
    [InlineData("/api/v1/incidents/{id}/evidence/file", "post")]
    [InlineData("/api/v1/incidents/{id}/evidence/{evidence}/content", "get")]
    public async Task OpenApiDocument_DocumentsIncidentRoute(string path, string method)
    {
        var paths = await PathsAsync();
        Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document.");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document.");
        Assert.False(string.IsNullOrWhiteSpace(operation.Str("summary")), $"{method.ToUpperInvariant()} {path} has no summary.");
    }

    [Fact]
    public async Task OpenApiDocument_DocumentsEveryMappedApiRoute()
    {
        var paths = await PathsAsync();
        var routes = ApiRoutes.All(_factory.Services);
        Assert.NotEmpty(routes);

        var missing = routes
            .Where(r => !(paths.TryGetProperty(ApiRoutes.OpenApiPath(r.Pattern), out var item) && item.TryGetProperty(r.Method.ToLowerInvariant(), out _)))
            .Select(r => r.ToString())
            .ToList();
        Assert.True(missing.Count == 0, $"Mapped but not documented: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheDeclareBody()
    {
        using var anonymous = _factory.Anonymous();
        var document = await HttpAssert.JsonAsync(await anonymous.GetAsync("/openapi/v1.json"));
        var declare = document.GetProperty("components").GetProperty("schemas").GetProperty("DeclareIncidentRequest");
        var properties = declare.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("title", properties);
        Assert.Contains("severity", properties);
        Assert.Contains("private", properties);
    }

    [Fact]
    public async Task OpenApiDocument_SaysTheFileUploadTakesRawBytes()
    {
        var paths = await PathsAsync();
        var content = paths.GetProperty("/api/v1/incidents/{id}/evidence/file").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(content.TryGetProperty("application/octet-stream", out _), $"The upload's body types: {content}");
    }

    private async Task<JsonElement> PathsAsync()
    {
        using var anonymous = _factory.Anonymous();
        var document = await HttpAssert.JsonAsync(await anonymous.GetAsync("/openapi/v1.json"));
        return document.GetProperty("paths");
    }

    public void Dispose() => _factory.Dispose();
}
