using Firebreak.Core.Access;
using Firebreak.Core.Audit;
using Firebreak.Storage.Access;
using Firebreak.Storage.Audit;

namespace Firebreak.Storage.Tests.Access;

/// <summary>Web sessions and the audit log, on both engines.</summary>
public abstract class SessionAuditContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private UserStore Users => new(Database);

    private SessionStore Sessions => new(Database);

    private AuditLog Log => new(Database);

    [SkippableFact]
    public async Task Sessions_AreFoundWithTheirAccount_TouchedAndEnded()
    {
        RequireEngine();
        var alice = (await Users.CreateAsync("alice", null, UserRole.Responder, "hash", T0, null, default))!;
        var created = await Sessions.CreateAsync(alice.Id, "digest-1", T0, T0.AddDays(7), "192.0.2.1", Entry("alice", AuditKind.SignIn), default);

        var found = await Sessions.FindAsync("digest-1", default);
        Assert.Equal((created.Id, "alice", T0, T0.AddDays(7), "192.0.2.1"), (found!.Session.Id, found.User.Username, found.Session.LastSeenAt, found.Session.ExpiresAt, found.Session.ClientAddress));
        Assert.Null(await Sessions.FindAsync("digest-x", default));

        await Sessions.TouchAsync(created.Id, T0.AddHours(1), default);
        Assert.Equal(T0.AddHours(1), (await Sessions.FindAsync("digest-1", default))!.Session.LastSeenAt);

        Assert.True(await Sessions.EndAsync(created.Id, T0.AddHours(2), "signed out", Entry("alice", AuditKind.SignOut), default));
        Assert.False(await Sessions.EndAsync(created.Id, T0.AddHours(3), "signed out", Entry("alice", AuditKind.SignOut), default));
        Assert.Equal(T0.AddHours(2), (await Sessions.FindAsync("digest-1", default))!.Session.EndedAt);
        Assert.Single(await Log.ListAsync(new AuditQuery(null, AuditKind.SignOut, null, 10), default));
    }

    [SkippableFact]
    public async Task PasswordChange_EndsTheOtherSessions_InItsTransaction()
    {
        RequireEngine();
        var alice = (await Users.CreateAsync("alice", null, UserRole.Responder, "hash", T0, null, default))!;
        var keep = await Sessions.CreateAsync(alice.Id, "digest-keep", T0, T0.AddDays(7), null, Entry("alice", AuditKind.SignIn), default);
        await Sessions.CreateAsync(alice.Id, "digest-other", T0, T0.AddDays(7), null, Entry("alice", AuditKind.SignIn), default);
        await Sessions.CreateAsync(alice.Id, "digest-third", T0, T0.AddDays(7), null, Entry("alice", AuditKind.SignIn), default);

        var ended = await Users.UpdateAsync(
            alice with { PasswordHash = "new-hash" },
            new AccountChange([Entry("alice", AuditKind.PasswordChanged)], new SessionEnd("password changed", T0.AddHours(1), keep.Id)),
            default);

        Assert.Equal(2, ended);
        Assert.Null((await Sessions.FindAsync("digest-keep", default))!.Session.EndedAt);
        Assert.NotNull((await Sessions.FindAsync("digest-other", default))!.Session.EndedAt);
        Assert.Equal(1, await Sessions.CountLiveAsync(alice.Id, T0.AddHours(2), default));
        Assert.Equal("new-hash", (await Users.FindAsync("alice", default))!.PasswordHash);
        Assert.Single(await Log.ListAsync(new AuditQuery("alice", AuditKind.PasswordChanged, null, 10), default));

        Assert.Equal(1, await Users.EndSessionsAsync(alice.Id, null, T0.AddHours(3), "signed out everywhere", Entry("admin", AuditKind.SessionsEnded), default));
        Assert.Equal(0, await Sessions.CountLiveAsync(alice.Id, T0.AddHours(4), default));
    }

    [SkippableFact]
    public async Task AuditLog_FiltersByActorAndKind_NewestFirst_AndPages()
    {
        RequireEngine();
        for (var i = 0; i < 5; i++)
        {
            await Log.RecordAsync(Entry(i % 2 == 0 ? "alice" : "bob", i < 3 ? AuditKind.SignInFailed : AuditKind.TokenCreated, $"entry {i}"), default);
        }

        var all = await Log.ListAsync(new AuditQuery(null, null, null, 100), default);
        Assert.Equal(["entry 4", "entry 3", "entry 2", "entry 1", "entry 0"], all.Select(e => e.Detail));
        Assert.Equal(["entry 2", "entry 0"], (await Log.ListAsync(new AuditQuery("alice", AuditKind.SignInFailed, null, 100), default)).Select(e => e.Detail));
        Assert.Equal(["entry 1", "entry 0"], (await Log.ListAsync(new AuditQuery(null, null, all[2].Id, 2), default)).Select(e => e.Detail));
        Assert.Equal("203.0.113.5", all[0].ClientAddress);
    }

    private static AuditEntry Entry(string actor, AuditKind kind, string detail = "x") => new(0, T0, actor, kind, actor, "203.0.113.5", detail);
}

public sealed class SqliteSessionAuditTests : SessionAuditContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresSessionAuditTests : SessionAuditContract
{
    protected override Engine Engine => Engine.Postgres;
}
