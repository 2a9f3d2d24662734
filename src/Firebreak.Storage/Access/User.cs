using Firebreak.Core.Access;

namespace Firebreak.Storage.Access;

/// <summary>An account. The password hash is the framework's PBKDF2 format; null means token-only.</summary>
public sealed record User(long Id, string Username, string? DisplayName, UserRole Role, string? PasswordHash, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>An API token's public face: the secret itself is never stored, only its SHA-256 digest.</summary>
public sealed record ApiToken(long Id, long UserId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
