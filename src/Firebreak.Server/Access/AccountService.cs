using Firebreak.Core.Access;
using Firebreak.Core.Audit;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Access;
using Firebreak.Storage.Audit;
using Firebreak.Storage.Streams;
using Microsoft.AspNetCore.Identity;

namespace Firebreak.Server.Access;

/// <summary>What happened at first start: the admin's one-time password, or null when a bootstrap token was used.</summary>
public sealed record BootstrapResult(string? Password);

/// <summary>
/// Accounts, passwords and API tokens: the one place that hashes and checks secrets. Every change
/// records its audit entry in the same transaction, with the client address of the request.
/// </summary>
public sealed partial class AccountService(
    IUserStore users,
    TimeProvider clock,
    CredentialCache<User> tokens,
    SessionService sessions,
    SignInThrottle throttle,
    AuditLog audit)
{
    public const int MinPasswordLength = Accounts.MinPasswordLength;
    private readonly PasswordHasher<string> _hasher = new();

    /// <summary>On an empty database, creates the admin account; null when accounts exist already.</summary>
    public async Task<BootstrapResult?> BootstrapAsync(string? adminToken, CancellationToken cancellationToken)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return null;
        }

        var password = adminToken is null ? Tokens.NewPassword() : null;
        var now = clock.GetUtcNow();
        var admin = await users.CreateAsync(
            "admin",
            "Administrator",
            UserRole.Admin,
            password is null ? null : _hasher.HashPassword("admin", password),
            now,
            Entry("firebreak", AuditKind.AccountCreated, "admin", "The first admin account was created at first start."),
            cancellationToken);
        if (admin is not null && adminToken is not null)
        {
            await users.CreateTokenAsync(admin.Id, "bootstrap", Tokens.Hash(adminToken), Tokens.DisplayPrefix(adminToken), now,
                Entry("firebreak", AuditKind.TokenCreated, "admin", "The admin's bootstrap token was created at first start."), cancellationToken);
        }

        return new BootstrapResult(password);
    }

    public async Task<User?> AuthenticateTokenAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Tokens.Hash(secret);
        if (tokens.TryGet(hash, out var cached))
        {
            return cached;
        }

        var user = await users.FindByTokenHashAsync(hash, cancellationToken);
        if (user is not null)
        {
            tokens.Add(hash, user);
        }

        return user;
    }

    public async Task<Result<CreatedTokenDto>> CreateTokenAsync(Actor actor, CreateTokenRequest request, CancellationToken cancellationToken)
    {
        if (Text.RequiredLine("name", request.Name, 100, out var name) is { } error)
        {
            return error;
        }

        var secret = Tokens.NewSecret();
        var token = await users.CreateTokenAsync(actor.UserId, name, Tokens.Hash(secret), Tokens.DisplayPrefix(secret), clock.GetUtcNow(),
            Entry(actor.Username, AuditKind.TokenCreated, actor.Username, $"{actor.Username} created the API token '{name}' ({Tokens.DisplayPrefix(secret)}…)."), cancellationToken);
        return new CreatedTokenDto(token.Id, token.Name, token.Prefix, token.CreatedAt, secret);
    }

    public async Task<IReadOnlyList<TokenDto>> ListTokensAsync(Actor actor, CancellationToken cancellationToken) =>
        [.. (await users.ListTokensAsync(actor.UserId, cancellationToken)).Select(TokenDto.From)];

    public async Task<Result<bool>> RevokeTokenAsync(Actor actor, long tokenId, CancellationToken cancellationToken)
    {
        var revoked = await users.RevokeTokenAsync(actor.UserId, tokenId, clock.GetUtcNow(),
            Entry(actor.Username, AuditKind.TokenRevoked, actor.Username, $"{actor.Username} revoked API token {tokenId}."), cancellationToken);
        tokens.Forget(actor.UserId);
        return revoked ? true : new NotFound($"You have no live token {tokenId}; list yours with GET /api/v1/tokens.");
    }

    public async Task<Result<CreatedUserDto>> CreateUserAsync(Actor actor, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var username = Accounts.NormalizeUsername(request.Username ?? string.Empty);
        if (Accounts.CheckUsername(username) is { } badName)
        {
            return badName;
        }

        if (!WireNames.TryParse<UserRole>(request.Role ?? "responder", out var role))
        {
            return new Invalid("role", $"Unknown role '{request.Role}': use viewer, responder or admin.");
        }

        if (Text.OptionalLine("displayName", request.DisplayName, 200, out var displayName) is { } nameError)
        {
            return nameError;
        }

        if (request.Password is not null && Accounts.CheckPassword(request.Password, "password", "; or leave it out to have one generated") is { } badPassword)
        {
            return badPassword;
        }

        var generated = request.Password is null ? Tokens.NewPassword() : null;
        var password = request.Password ?? generated!;
        var user = await users.CreateAsync(
            username,
            displayName.Length == 0 ? null : displayName,
            role,
            await HashAsync(username, password, cancellationToken),
            clock.GetUtcNow(),
            Entry(actor.Username, AuditKind.AccountCreated, username, $"{actor.Username} created the account {username} ({WireNames.Of(role)})."),
            cancellationToken);
        return user is null
            ? new Conflict($"The username '{username}' is taken; choose another.")
            : new CreatedUserDto(UserDto.From(user), generated);
    }

    public async Task<Result<UserDto>> UpdateUserAsync(Actor actor, string username, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(Accounts.NormalizeUsername(username), cancellationToken);
        if (user is null)
        {
            return new NotFound($"There is no user '{username}'.");
        }

        var role = user.Role;
        if (request.Role is not null && !WireNames.TryParse(request.Role, out role))
        {
            return new Invalid("role", $"Unknown role '{request.Role}': use viewer, responder or admin.");
        }

        if (Text.OptionalLine("displayName", request.DisplayName, 200, out var displayName) is { } nameError)
        {
            return nameError;
        }

        if (user.Id == actor.UserId && (request.Disabled == true || (request.Role is not null && role != UserRole.Admin)))
        {
            return new Invalid("username", "You cannot disable yourself or take away your own admin role; ask another admin.");
        }

        var updated = user with
        {
            Role = role,
            DisplayName = request.DisplayName is null ? user.DisplayName : displayName.Length == 0 ? null : displayName,
            Disabled = request.Disabled ?? user.Disabled,
        };
        var entries = new List<AuditEntry>();
        if (updated.Role != user.Role)
        {
            entries.Add(Entry(actor.Username, AuditKind.RoleChanged, user.Username, $"{actor.Username} changed {user.Username}'s role from {WireNames.Of(user.Role)} to {WireNames.Of(updated.Role)}."));
        }

        if (updated.Disabled != user.Disabled)
        {
            entries.Add(updated.Disabled
                ? Entry(actor.Username, AuditKind.AccountDisabled, user.Username, $"{actor.Username} disabled the account {user.Username}; its sessions ended.")
                : Entry(actor.Username, AuditKind.AccountEnabled, user.Username, $"{actor.Username} enabled the account {user.Username}."));
        }

        var endSessions = updated.Disabled && !user.Disabled ? new SessionEnd("account disabled", clock.GetUtcNow()) : null;
        await users.UpdateAsync(updated, new AccountChange(entries, endSessions), cancellationToken);
        tokens.Forget(user.Id);
        sessions.Forget(user.Id);
        return UserDto.From(updated);
    }

    /// <summary>
    /// Changes the caller's password and ends their other web sessions (all of them but
    /// <paramref name="currentSession"/>, the one the change was made in); API tokens stay.
    /// </summary>
    public async Task<Result<bool>> ChangePasswordAsync(Actor actor, ChangePasswordRequest request, long? currentSession, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(actor.Username, cancellationToken);
        if (user is null)
        {
            return new NotFound("Your account no longer exists.");
        }

        if (user.PasswordHash is not null
            && (request.Current is null || await VerifyAsync(user.Username, user.PasswordHash, request.Current, cancellationToken) != true))
        {
            return new Invalid("current", "'current' does not match your current password.");
        }

        if (Accounts.CheckPassword(request.New, "new") is { } badPassword)
        {
            return badPassword;
        }

        var now = clock.GetUtcNow();
        await users.UpdateAsync(
            user with { PasswordHash = await HashAsync(user.Username, request.New!, cancellationToken) },
            new AccountChange(
                [Entry(actor.Username, AuditKind.PasswordChanged, actor.Username, $"{actor.Username} changed their password; their other web sessions ended.")],
                new SessionEnd("password changed", now, currentSession)),
            cancellationToken);
        sessions.Forget(user.Id);
        return true;
    }

    public async Task<User?> FindAsync(string username, CancellationToken cancellationToken) =>
        await users.FindAsync(Accounts.NormalizeUsername(username), cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) => users.ListAsync(cancellationToken);

    private AuditEntry Entry(string actor, AuditKind kind, string subject, string detail) =>
        new(0, clock.GetUtcNow(), actor, kind, subject, WriteOrigin.Current, detail);
}
