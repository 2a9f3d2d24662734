using Firebreak.Core.Access;
using Firebreak.Core.Audit;
using Firebreak.Storage.Access;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Access;

/// <summary>
/// Web sessions kept on the server. The sign-in cookie carries a random secret; its digest names a
/// session row, checked on every request (through a one-second cache). Signing out ends the
/// session; a password change ends the account's others; an admin can end them all. A session
/// ends after <see cref="Idle"/> without use and at most <see cref="Lifetime"/> after sign-in.
/// </summary>
public sealed class SessionService(SessionStore sessions, IUserStore users, TimeProvider clock, CredentialCache<SessionGrant> cache)
{
    public static readonly TimeSpan Idle = TimeSpan.FromHours(12);
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Use is written back at most this often, so reading pages does not mean writing rows.</summary>
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<SessionGrant?>>> _lookups = new(StringComparer.Ordinal);

    /// <summary>Starts a session for a signed-in account, recording the sign-in with it; the cookie's secret.</summary>
    public async Task<string> StartAsync(User user, CancellationToken cancellationToken)
    {
        var secret = Tokens.NewSecret();
        var now = clock.GetUtcNow();
        await sessions.CreateAsync(
            user.Id,
            Tokens.Hash(secret),
            now,
            now + Lifetime,
            WriteOrigin.Current,
            new AuditEntry(0, now, user.Username, AuditKind.SignIn, user.Username, WriteOrigin.Current, $"{user.Username} signed in to the web UI."),
            cancellationToken);
        return secret;
    }

    /// <summary>The live session and its enabled account for a cookie's secret; null when it has ended, lapsed or its account is disabled.</summary>
    public async Task<SessionGrant?> CheckAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }

        var digest = Tokens.Hash(secret);
        if (!cache.TryGet(digest, out var grant))
        {
            grant = await LookUpAsync(digest);
            if (grant is null)
            {
                return null;
            }
        }

        var now = clock.GetUtcNow();
        var (session, user) = grant;
        if (session.EndedAt is not null || user.Disabled || now >= session.ExpiresAt || now - session.LastSeenAt >= Idle)
        {
            return null;
        }

        if (now - session.LastSeenAt >= TouchEvery)
        {
            await sessions.TouchAsync(session.Id, now, cancellationToken);
            cache.Add(digest, grant with { Session = session with { LastSeenAt = now } });
        }

        return grant;
    }

    /// <summary>
    /// Reads the session once for everyone asking at the same moment (the many live timelines of one
    /// browser all find the cached entry gone at once), and caches what it found.
    /// </summary>
    private async Task<SessionGrant?> LookUpAsync(string digest)
    {
        var lookup = _lookups.GetOrAdd(digest, d => new Lazy<Task<SessionGrant?>>(async () =>
        {
            try
            {
                var found = await sessions.FindAsync(d, CancellationToken.None);
                if (found is not null)
                {
                    cache.Add(d, found);
                }

                return found;
            }
            finally
            {
                _lookups.TryRemove(d, out _);
            }
        }));
        return await lookup.Value;
    }

    /// <summary>The session a signed-in web request runs in; null for API tokens and Basic.</summary>
    public Task<SessionGrant?> CurrentAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        principal.FindFirst(AccessModule.SessionClaim) is { } claim ? CheckAsync(claim.Value, cancellationToken) : Task.FromResult<SessionGrant?>(null);

    /// <summary>Signing out: ends the session the cookie names.</summary>
    public async Task EndAsync(string? secret, CancellationToken cancellationToken)
    {
        if (await CheckAsync(secret, cancellationToken) is not { } grant)
        {
            return;
        }

        var now = clock.GetUtcNow();
        cache.Forget(Tokens.Hash(secret!));
        await sessions.EndAsync(
            grant.Session.Id,
            now,
            "signed out",
            new AuditEntry(0, now, grant.User.Username, AuditKind.SignOut, grant.User.Username, WriteOrigin.Current, $"{grant.User.Username} signed out."),
            cancellationToken);
    }

    /// <summary>
    /// Ends every web session of <paramref name="username"/> ("sign out everywhere"): an admin for
    /// anyone, anyone for themselves, keeping <paramref name="keep"/> (the caller's own session).
    /// </summary>
    public async Task<Core.Common.Result<int>> EndAllAsync(Actor actor, string username, long? keep, CancellationToken cancellationToken)
    {
        var name = Accounts.NormalizeUsername(username);
        if (name != actor.Username && !actor.IsAdmin)
        {
            return new Core.Common.Forbidden("Only an admin can sign another account out.");
        }

        if (await users.FindAsync(name, cancellationToken) is not { } user)
        {
            return new Core.Common.NotFound($"There is no user '{username}'.");
        }

        var now = clock.GetUtcNow();
        var ended = await users.EndSessionsAsync(
            user.Id,
            keep,
            now,
            "signed out everywhere",
            new AuditEntry(0, now, actor.Username, AuditKind.SessionsEnded, user.Username, WriteOrigin.Current,
                keep is null ? $"{actor.Username} signed {user.Username} out of every web session." : $"{actor.Username} signed out of every other web session."),
            cancellationToken);
        cache.Forget(user.Id);
        return ended;
    }

    /// <summary>Drops what this node remembers of the account's sessions, after a change elsewhere ended or altered them.</summary>
    public void Forget(long userId) => cache.Forget(userId);
}
