using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Access;

/// <summary>Token lookups are cached briefly; a revocation still stops a token at once here and within a second elsewhere.</summary>
public sealed class TokenCacheTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    [Fact]
    public async Task RevokedOnThisNode_StopsAtOnce_EvenRightAfterUse()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop" }), HttpStatusCode.Created);
        using var client = _factory.WithToken(created.Str("token"));
        await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{created.Long("id")}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task DisabledAccount_OnThisNode_LosesItsCachedToken_AtOnce()
    {
        using var bob = await _factory.UserAsync("bob");
        await HttpAssert.JsonAsync(await bob.GetAsync("/api/v1/me"));
        using var admin = _factory.Admin();

        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/bob", new { disabled = true }));

        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task RevokedByAnotherNode_StopsWithinASecond()
    {
        using var admin = _factory.Admin();
        var created = await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop" }), HttpStatusCode.Created);
        using var client = _factory.WithToken(created.Str("token"));
        await HttpAssert.JsonAsync(await client.GetAsync("/api/v1/me"));
        var owner = await _factory.Services.GetRequiredService<IUserStore>().FindAsync("admin", default);

        // Another node revokes it in the shared database: this node's cache does not hear of it.
        Assert.True(await _factory.Services.GetRequiredService<IUserStore>().RevokeTokenAsync(owner!.Id, created.Long("id"), TimeProvider.System.GetUtcNow(), null, default));

        // The cache keeps an entry for one second; give it five before calling it a failure.
        var giveUp = Environment.TickCount64 + 5_000;
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await client.GetAsync("/api/v1/me")).StatusCode;
        }
        while (status == HttpStatusCode.OK && Environment.TickCount64 < giveUp);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    public void Dispose() => _factory.Dispose();
}
