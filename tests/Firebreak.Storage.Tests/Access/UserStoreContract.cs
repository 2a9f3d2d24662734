using Firebreak.Core.Access;
using Firebreak.Storage.Access;

namespace Firebreak.Storage.Tests.Access;

public abstract class UserStoreContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private UserStore Store => new(Database);

    [SkippableFact]
    public async Task Create_Find_Update_List()
    {
        RequireEngine();
        var created = await Store.CreateAsync("alice", "Alice", UserRole.Responder, "hash", T0, null, default);
        Assert.NotNull(created);
        Assert.Null(await Store.CreateAsync("alice", null, UserRole.Viewer, null, T0, null, default));

        await Store.UpdateAsync(created with { Role = UserRole.Admin, Disabled = true, DisplayName = null }, AccountChange.None, default);
        var found = await Store.FindAsync("alice", default);
        Assert.Equal(UserRole.Admin, found!.Role);
        Assert.True(found.Disabled);
        Assert.Null(found.DisplayName);
        Assert.Equal(T0, found.CreatedAt);
        Assert.Equal(1, await Store.CountAsync(default));
        Assert.Equal(["alice"], (await Store.ListAsync(default)).Select(u => u.Username));
        Assert.Null(await Store.FindAsync("bob", default));
    }

    [SkippableFact]
    public async Task Tokens_FindOnlyLiveTokensOfEnabledUsers()
    {
        RequireEngine();
        var alice = (await Store.CreateAsync("alice", null, UserRole.Responder, null, T0, null, default))!;
        var bob = (await Store.CreateAsync("bob", null, UserRole.Viewer, null, T0, null, default))!;
        var token = await Store.CreateTokenAsync(alice.Id, "laptop", "digest-a", "fb_abc", T0, null, default);
        await Store.CreateTokenAsync(bob.Id, "ci", "digest-b", "fb_def", T0, null, default);

        Assert.Equal("alice", (await Store.FindByTokenHashAsync("digest-a", default))?.Username);
        Assert.Null(await Store.FindByTokenHashAsync("digest-x", default));

        Assert.False(await Store.RevokeTokenAsync(bob.Id, token.Id, T0, null, default));
        Assert.True(await Store.RevokeTokenAsync(alice.Id, token.Id, T0.AddHours(1), null, default));
        Assert.False(await Store.RevokeTokenAsync(alice.Id, token.Id, T0, null, default));
        Assert.Null(await Store.FindByTokenHashAsync("digest-a", default));
        Assert.Equal(T0.AddHours(1), Assert.Single(await Store.ListTokensAsync(alice.Id, default)).RevokedAt);

        await Store.UpdateAsync(bob with { Disabled = true }, AccountChange.None, default);
        Assert.Null(await Store.FindByTokenHashAsync("digest-b", default));
    }

    [SkippableFact]
    public async Task Migrate_IsIdempotent()
    {
        RequireEngine();
        await Store.CreateAsync("alice", null, UserRole.Admin, null, T0, null, default);
        await Database.MigrateAsync(default);
        Assert.Equal(1, await Store.CountAsync(default));
    }
}

public sealed class SqliteUserStoreTests : UserStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresUserStoreTests : UserStoreContract
{
    protected override Engine Engine => Engine.Postgres;
}
