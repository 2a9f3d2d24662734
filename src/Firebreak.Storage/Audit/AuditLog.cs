using Firebreak.Core.Audit;
using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Audit;

/// <summary>
/// The audit log's table. An action that changes something records its entry in the same
/// transaction (<see cref="InsertAsync"/>); a sign-in attempt, which changes nothing else, records
/// its own (<see cref="RecordAsync"/>).
/// </summary>
public sealed class AuditLog(Database database)
{
    private const int MaxDetail = 2000;

    public static async Task InsertAsync(WriteScope scope, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var insert = scope.Command(
            "INSERT INTO audit_log (at, actor, kind, subject, client_address, detail) VALUES (@at, @actor, @kind, @subject, @address, @detail)",
            ("at", Sql.ToText(entry.At)),
            ("actor", Clip(entry.Actor, 200)),
            ("kind", WireNames.Of(entry.Kind)),
            ("subject", entry.Subject is null ? null : Clip(entry.Subject, 200)),
            ("address", entry.ClientAddress),
            ("detail", Clip(entry.Detail, MaxDetail)));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await InsertAsync(scope, entry, cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Newest first, filtered as the query says.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", query.Limit) };
        if (query.Actor is not null)
        {
            where.Add("actor = @actor");
            parameters.Add(("actor", query.Actor));
        }

        if (query.Kind is { } kind)
        {
            where.Add("kind = @kind");
            parameters.Add(("kind", WireNames.Of(kind)));
        }

        if (query.Before is { } before)
        {
            where.Add("id < @before");
            parameters.Add(("before", before));
        }

        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT id, at, actor, kind, subject, client_address, detail FROM audit_log{filter} ORDER BY id DESC LIMIT @limit",
            null,
            [.. parameters]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // A kind this release does not know (written by a newer one) is skipped, not a failure.
            if (WireNames.TryParse<AuditKind>(reader.GetString(3), out var k))
            {
                entries.Add(new AuditEntry(
                    reader.Int64(0),
                    Sql.ToInstant(reader.GetString(1)),
                    reader.GetString(2),
                    k,
                    reader.NullableString(4),
                    reader.NullableString(5),
                    reader.GetString(6)));
            }
        }

        return entries;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
