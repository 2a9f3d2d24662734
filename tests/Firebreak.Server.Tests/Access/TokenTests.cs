using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Access;

/// <summary>API tokens: the secret is shown once, listings never show it, and revoked tokens stop working.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task CreateToken_ShowsTheSecretOnce_StartingWithFb()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop CLI" }), HttpStatusCode.Created);

        var secret = created.Str("token");
        Assert.StartsWith("fb_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40, $"Token '{secret}' is too short to be a random secret.");
        Assert.Equal("laptop CLI", created.Str("name"));
        Assert.Equal(secret[..10], created.Str("prefix"));

        using var client = _factory.WithToken(secret);
        Assert.Equal("admin", (await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"))).Str("username"));
    }

    [Fact]
    public async Task CreateToken_TwiceGivesDifferentSecrets()
    {
        using var admin = _factory.Admin();
        var first = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "one" }), HttpStatusCode.Created);
        var second = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "two" }), HttpStatusCode.Created);
        Assert.NotEqual(first.Str("token"), second.Str("token"));
        Assert.NotEqual(first.Long("id"), second.Long("id"));
    }

    [Fact]
    public async Task ListTokens_ShowsNamesAndPrefixesButNeverTheSecret()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop CLI" }), HttpStatusCode.Created);
        var secret = created.Str("token");

        var response = await admin.GetAsync("/api/v1/tokens");
        var raw = await response.Content.ReadAsStringAsync();
        var tokens = await HttpAssert.JsonAsync(response);

        Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(FirebreakFactory.AdminToken, raw, StringComparison.Ordinal);
        Assert.Equal(["bootstrap", "laptop CLI"], tokens.EnumerateArray().Select(t => t.Str("name")));
        var listed = tokens.EnumerateArray().Single(t => t.Long("id") == created.Long("id"));
        Assert.Equal(secret[..10], listed.Str("prefix"));
        Assert.False(listed.TryGetProperty("token", out _), "A token listing has a 'token' property.");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task ListTokens_ShowsOnlyYourOwn()
    {
        using var rita = await _factory.UserAsync("rita");
        var tokens = await HttpAssert.JsonAsync(await rita.GetAsync("/api/v1/tokens"));
        Assert.Equal(["test"], tokens.EnumerateArray().Select(t => t.Str("name")));
    }

    [Fact]
    public async Task RevokeToken_ThenItIs401_AndTheListingShowsWhen()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "temporary" }), HttpStatusCode.Created);
        using var client = _factory.WithToken(created.Str("token"));
        await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"));

        await HttpAssert.StatusAsync(await admin.DeleteAsync($"/api/v1/tokens/{created.Long("id")}"), HttpStatusCode.NoContent);

        await HttpAssert.ProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
        var tokens = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/tokens"));
        var revoked = tokens.EnumerateArray().Single(t => t.Long("id") == created.Long("id"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);

        // The admin's other token is untouched.
        await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/me"));
    }

    [Fact]
    public async Task RevokeToken_Twice_SecondIs404()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "temporary" }), HttpStatusCode.Created);
        await HttpAssert.StatusAsync(await admin.DeleteAsync($"/api/v1/tokens/{created.Long("id")}"), HttpStatusCode.NoContent);
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"/api/v1/tokens/{created.Long("id")}"), HttpStatusCode.NotFound, "no live token");
    }

    [Fact]
    public async Task RevokeToken_OfSomeoneElse_Is404AndLeavesItWorking()
    {
        using var rita = await _factory.UserAsync("rita");
        var ritasTokens = await HttpAssert.JsonAsync(await rita.GetAsync("/api/v1/tokens"));
        var ritasTokenId = ritasTokens.EnumerateArray().Single().Long("id");

        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"/api/v1/tokens/{ritasTokenId}"), HttpStatusCode.NotFound, "GET /api/v1/tokens");

        Assert.Equal("rita", (await HttpAssert.JsonAsync(await rita.GetAsync("/api/v1/me"))).Str("username"));
    }

    [Fact]
    public async Task RevokeToken_Unknown_Is404()
    {
        using var admin = _factory.Admin();
        await HttpAssert.ProblemAsync(await admin.DeleteAsync("/api/v1/tokens/999"), HttpStatusCode.NotFound, "999");
    }

    [Theory]
    [InlineData("{}", "name", "required")]
    [InlineData("""{"name":"   "}""", "name", "required")]
    [InlineData("""{"name":"x","scope":"all"}""", "scope", "Unknown field")]
    public async Task CreateToken_WithBadInput_Is400AndCreatesNone(string body, string field, string detail)
    {
        using var admin = _factory.Admin();
        await HttpAssert.InvalidAsync(await admin.PostRawAsync("/api/v1/tokens", body), field, detail);
        var tokens = await HttpAssert.JsonAsync(await admin.GetAsync("/api/v1/tokens"));
        Assert.Equal(1, tokens.GetArrayLength());
    }

    [Fact]
    public async Task CreateToken_WithBasicAuth_GivesATokenForThatUser()
    {
        using (await _factory.UserAsync("rita"))
        {
        }

        using var basic = _factory.Basic("rita", FirebreakFactory.UserPassword);
        var created = await HttpAssert.JsonAsync(await basic.PostAsJsonAsync("/api/v1/tokens", new { name = "second" }), HttpStatusCode.Created);
        using var client = _factory.WithToken(created.Str("token"));
        Assert.Equal("rita", (await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"))).Str("username"));
    }

    public void Dispose() => _factory.Dispose();
}
