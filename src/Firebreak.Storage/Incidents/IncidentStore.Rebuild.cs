using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Incidents;

public sealed partial class IncidentStore
{
    /// <summary>
    /// At start: when the stored snapshots were written in another shape than <see cref="SnapshotVersion"/>,
    /// rebuilds every incident's read model from its events. Returns how many incidents were rebuilt.
    /// </summary>
    public async Task<int> EnsureSnapshotsAsync(CancellationToken cancellationToken)
    {
        long? stored;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var select = connection.Command("SELECT version FROM snapshot_versions WHERE name = @name", null, ("name", StreamType)))
        {
            var value = await select.ExecuteScalarAsync(cancellationToken);
            stored = value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        return stored == SnapshotVersion ? 0 : await RebuildAsync(cancellationToken);
    }

    /// <summary>Folds every incident's events again and rewrites its read model (firebreak admin rebuild).</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var select = connection.Command("SELECT id FROM incidents ORDER BY id", null))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.Int64(0));
            }
        }

        var rebuilt = 0;
        foreach (var id in ids)
        {
            var done = await _streams.WriteAsync<bool>(
                async (writer, ct) =>
                {
                    // Hold the incident's row, so that an append cannot land between the read and the rewrite.
                    await using (var hold = writer.Scope.Command($"SELECT id FROM incidents WHERE id = @id{_database.ForUpdate}", ("id", id)))
                    {
                        await hold.ExecuteScalarAsync(ct);
                    }

                    var events = await _streams.ReadStreamAsync(writer.Scope.Connection, writer.Scope.Transaction, Stream(id), 0, int.MaxValue, ct);
                    if (events.Count == 0)
                    {
                        return false;
                    }

                    var state = Incident.Fold(null, events.Select(e => ToRecorded(id, e)))!;
                    foreach (var table in new[] { "incident_services", "incident_members" })
                    {
                        await using var delete = writer.Scope.Command($"DELETE FROM {table} WHERE incident_id = @id", ("id", id));
                        await delete.ExecuteNonQueryAsync(ct);
                    }

                    await IncidentReadModelProjection.WriteAsync(writer.Scope, null, state, ct);
                    return true;
                },
                cancellationToken);
            rebuilt += done.Value ? 1 : 0;
        }

        var marked = await _streams.WriteAsync<bool>(
            async (writer, ct) =>
            {
                await using var upsert = writer.Scope.Command(
                    "INSERT INTO snapshot_versions (name, version) VALUES (@name, @version) ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                    ("name", StreamType),
                    ("version", SnapshotVersion));
                await upsert.ExecuteNonQueryAsync(ct);
                return true;
            },
            cancellationToken);
        _ = marked.Value;
        return rebuilt;
    }
}
