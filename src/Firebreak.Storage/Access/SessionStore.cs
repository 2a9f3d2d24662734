using Firebreak.Core.Audit;
using Firebreak.Storage.Audit;

namespace Firebreak.Storage.Access;

/// <summary>Web sessions: created at sign-in, looked up by the digest of the cookie's secret, ended on sign-out or by a change to the account.</summary>
public sealed class SessionStore(Database database)
{
    private const string Columns = "s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ended_at, s.client_address";

    public async Task<Session> CreateAsync(long userId, string secretHash, DateTimeOffset at, DateTimeOffset expiresAt, string? clientAddress, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        long id;
        await using (var insert = scope.Command(
                         "INSERT INTO sessions (secret_hash, user_id, created_at, last_seen_at, expires_at, client_address) VALUES (@hash, @user, @at, @at, @expires, @address) RETURNING id",
                         ("hash", secretHash),
                         ("user", userId),
                         ("at", Sql.ToText(at)),
                         ("expires", Sql.ToText(expiresAt)),
                         ("address", clientAddress)))
        {
            id = await insert.ScalarInt64Async(cancellationToken);
        }

        await AuditLog.InsertAsync(scope, audit, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return new Session(id, userId, at, at, expiresAt, null, clientAddress);
    }

    /// <summary>The session whose secret has this digest, with its account as it is now; null when there is none.</summary>
    public async Task<SessionGrant?> FindAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT {Columns}, {UserStore.UserColumns} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = @hash",
            null,
            ("hash", secretHash));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var ended = reader.NullableString(5);
        var session = new Session(
            reader.Int64(0),
            reader.Int64(1),
            Sql.ToInstant(reader.GetString(2)),
            Sql.ToInstant(reader.GetString(3)),
            Sql.ToInstant(reader.GetString(4)),
            ended is null ? null : Sql.ToInstant(ended),
            reader.NullableString(6));
        return new SessionGrant(session, UserStore.ReadUser(reader, 7));
    }

    /// <summary>Records that the session was used (the sliding part of its lifetime).</summary>
    public async Task TouchAsync(long sessionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var update = scope.Command(
                         "UPDATE sessions SET last_seen_at = @at WHERE id = @id AND ended_at IS NULL",
                         ("id", sessionId),
                         ("at", Sql.ToText(at))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Ends one session (signing out); false when it had ended already.</summary>
    public async Task<bool> EndAsync(long sessionId, DateTimeOffset at, string reason, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        int changed;
        await using (var update = scope.Command(
                         "UPDATE sessions SET ended_at = @at, end_reason = @reason WHERE id = @id AND ended_at IS NULL",
                         ("id", sessionId),
                         ("at", Sql.ToText(at)),
                         ("reason", reason)))
        {
            changed = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (changed > 0)
        {
            await AuditLog.InsertAsync(scope, audit, cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return changed > 0;
    }

    /// <summary>Ends every live session of the account but <paramref name="keep"/>, in the caller's transaction; how many ended.</summary>
    internal static async Task<int> EndAllAsync(WriteScope scope, long userId, long? keep, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        await using var update = scope.Command(
            "UPDATE sessions SET ended_at = @at, end_reason = @reason WHERE user_id = @user AND ended_at IS NULL AND id <> @keep",
            ("user", userId),
            ("keep", keep ?? 0),
            ("at", Sql.ToText(at)),
            ("reason", reason));
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many live sessions the account has (for the account page).</summary>
    public async Task<int> CountLiveAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.Command(
            "SELECT COUNT(*) FROM sessions WHERE user_id = @user AND ended_at IS NULL AND expires_at > @now",
            null,
            ("user", userId),
            ("now", Sql.ToText(now)));
        return (int)await count.ScalarInt64Async(cancellationToken);
    }
}
