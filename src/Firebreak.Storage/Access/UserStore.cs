using System.Data.Common;
using Firebreak.Core.Access;
using Firebreak.Core.Audit;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Audit;

namespace Firebreak.Storage.Access;

public sealed class UserStore(Database database) : IUserStore
{
    internal const string UserColumns = "u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled, u.created_at";

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.Command("SELECT COUNT(*) FROM users", null);
        return await count.ScalarInt64Async(cancellationToken);
    }

    public async Task<User?> CreateAsync(string username, string? displayName, UserRole role, string? passwordHash, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var exists = scope.Command("SELECT COUNT(*) FROM users WHERE username = @username", ("username", username)))
        {
            if (await exists.ScalarInt64Async(cancellationToken) > 0)
            {
                return null;
            }
        }

        long id;
        await using (var insert = scope.Command(
                         "INSERT INTO users (username, display_name, role, password_hash, disabled, created_at) VALUES (@username, @display, @role, @hash, 0, @at) RETURNING id",
                         ("username", username),
                         ("display", displayName),
                         ("role", WireNames.Of(role)),
                         ("hash", passwordHash),
                         ("at", Sql.ToText(at))))
        {
            id = await insert.ScalarInt64Async(cancellationToken);
        }

        await RecordAsync(scope, audit, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return new User(id, username, displayName, role, passwordHash, false, at);
    }

    public async Task<User?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {UserColumns} FROM users u WHERE u.username = @username", null, ("username", username));
        return (await ReadUsersAsync(select, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {UserColumns} FROM users u ORDER BY u.username", null);
        return await ReadUsersAsync(select, cancellationToken);
    }

    public async Task<int> UpdateAsync(User user, AccountChange change, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var update = scope.Command(
                         "UPDATE users SET display_name = @display, role = @role, password_hash = @hash, disabled = @disabled WHERE id = @id",
                         ("id", user.Id),
                         ("display", user.DisplayName),
                         ("role", WireNames.Of(user.Role)),
                         ("hash", user.PasswordHash),
                         ("disabled", user.Disabled ? 1 : 0)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var ended = 0;
        if (change.EndSessions is { } end)
        {
            ended = await SessionStore.EndAllAsync(scope, user.Id, end.Keep, end.At, end.Reason, cancellationToken);
        }

        foreach (var entry in change.Audit)
        {
            await AuditLog.InsertAsync(scope, entry, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>Ends every live web session of the account but <paramref name="keep"/>, recording it; how many ended.</summary>
    public async Task<int> EndSessionsAsync(long userId, long? keep, DateTimeOffset at, string reason, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var ended = await SessionStore.EndAllAsync(scope, userId, keep, at, reason, cancellationToken);
        await AuditLog.InsertAsync(scope, audit, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return ended;
    }

    public async Task<ApiToken> CreateTokenAsync(long userId, string name, string tokenHash, string prefix, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        long id;
        await using (var insert = scope.Command(
                         "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (@user, @name, @hash, @prefix, @at) RETURNING id",
                         ("user", userId),
                         ("name", name),
                         ("hash", tokenHash),
                         ("prefix", prefix),
                         ("at", Sql.ToText(at))))
        {
            id = await insert.ScalarInt64Async(cancellationToken);
        }

        await RecordAsync(scope, audit, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return new ApiToken(id, userId, name, prefix, at, null);
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT id, user_id, name, prefix, created_at, revoked_at FROM api_tokens WHERE user_id = @user ORDER BY id",
            null,
            ("user", userId));
        var tokens = new List<ApiToken>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var revoked = reader.NullableString(5);
            tokens.Add(new ApiToken(reader.Int64(0), reader.Int64(1), reader.GetString(2), reader.GetString(3), Sql.ToInstant(reader.GetString(4)), revoked is null ? null : Sql.ToInstant(revoked)));
        }

        return tokens;
    }

    public async Task<bool> RevokeTokenAsync(long userId, long tokenId, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        int changed;
        await using (var update = scope.Command(
                         "UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND user_id = @user AND revoked_at IS NULL",
                         ("id", tokenId),
                         ("user", userId),
                         ("at", Sql.ToText(at))))
        {
            changed = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (changed > 0)
        {
            await RecordAsync(scope, audit, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return changed > 0;
    }

    public async Task<User?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT {UserColumns} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.disabled = 0",
            null,
            ("hash", tokenHash));
        return (await ReadUsersAsync(select, cancellationToken)).FirstOrDefault();
    }

    private static Task RecordAsync(WriteScope scope, AuditEntry? audit, CancellationToken cancellationToken) =>
        audit is null ? Task.CompletedTask : AuditLog.InsertAsync(scope, audit, cancellationToken);

    private static async Task<IReadOnlyList<User>> ReadUsersAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var users = new List<User>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader, 0));
        }

        return users;
    }

    /// <summary>The account in the <see cref="UserColumns"/> starting at column <paramref name="at"/>.</summary>
    internal static User ReadUser(DbDataReader reader, int at)
    {
        WireNames.TryParse<UserRole>(reader.GetString(at + 3), out var role);
        return new User(
            reader.Int64(at),
            reader.GetString(at + 1),
            reader.NullableString(at + 2),
            role,
            reader.NullableString(at + 4),
            reader.Int64(at + 5) != 0,
            Sql.ToInstant(reader.GetString(at + 6)));
    }
}
