using Firebreak.Core.Access;
using Firebreak.Core.Audit;

namespace Firebreak.Storage.Access;

/// <summary>Accounts and API tokens.</summary>
public interface IUserStore
{
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Creates the account, recording <paramref name="audit"/> with it; null when the username is taken.</summary>
    Task<User?> CreateAsync(string username, string? displayName, UserRole role, string? passwordHash, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken);

    Task<User?> FindAsync(string username, CancellationToken cancellationToken);

    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves role, display name, password hash and disabled flag, with what goes with the change in
    /// the same transaction (audit entries, ending sessions); how many sessions ended.
    /// </summary>
    Task<int> UpdateAsync(User user, AccountChange change, CancellationToken cancellationToken);

    /// <summary>Ends every live web session of the account but <paramref name="keep"/>, recording it; how many ended.</summary>
    Task<int> EndSessionsAsync(long userId, long? keep, DateTimeOffset at, string reason, AuditEntry audit, CancellationToken cancellationToken);

    Task<ApiToken> CreateTokenAsync(long userId, string name, string tokenHash, string prefix, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListTokensAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Revokes one of the user's own live tokens; false when there is no such live token.</summary>
    Task<bool> RevokeTokenAsync(long userId, long tokenId, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>The enabled user owning a live token with this digest.</summary>
    Task<User?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);
}
