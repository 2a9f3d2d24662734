using Firebreak.Core.Access;

namespace Firebreak.Storage.Access;

/// <summary>Accounts and API tokens.</summary>
public interface IUserStore
{
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Creates the account; null when the username is taken.</summary>
    Task<User?> CreateAsync(string username, string? displayName, UserRole role, string? passwordHash, DateTimeOffset at, CancellationToken cancellationToken);

    Task<User?> FindAsync(string username, CancellationToken cancellationToken);

    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Saves role, display name, password hash and disabled flag.</summary>
    Task UpdateAsync(User user, CancellationToken cancellationToken);

    Task<ApiToken> CreateTokenAsync(long userId, string name, string tokenHash, string prefix, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListTokensAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Revokes one of the user's own live tokens; false when there is no such live token.</summary>
    Task<bool> RevokeTokenAsync(long userId, long tokenId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The enabled user owning a live token with this digest.</summary>
    Task<User?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);
}
