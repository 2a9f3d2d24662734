using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Reports;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Reports;

/// <summary>
/// The incident_figures table: one row of figures per incident (kept by <see cref="IncidentFiguresProjection"/>),
/// read for the learning report, and filled from the events at start when it was written in another shape
/// than <see cref="FiguresVersion"/> or not at all (a database from before the table existed).
/// </summary>
public sealed class IncidentFiguresStore(StreamStore streams, SeverityScale severities)
{
    /// <summary>The name the figures' shape is recorded under in snapshot_versions.</summary>
    public const string VersionName = "incident-figures";

    /// <summary>The shape of the rows and the rules that compute them; another one stored means a refill from the events.</summary>
    public const int FiguresVersion = 1;

    private const string Columns =
        "incident_id, severity, services, private, status, started_at, declared_at, declared_by, acknowledged_at, commander_at, first_mitigation_at, " +
        "resolved_at, declined, cadence_kept, longest_silence_seconds, verified, overridden, update_times, updated_at";

    /// <summary>
    /// The rows of incidents that started at or after <paramref name="since"/>, for the report: without the update
    /// times, which only the projection needs (the report reads the silence and the cadence already computed).
    /// </summary>
    public async Task<IReadOnlyList<IncidentFigures>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await streams.Database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {Columns.Replace("update_times", "'[]'", StringComparison.Ordinal)} FROM incident_figures WHERE started_at >= @since", null, ("since", Sql.ToText(since)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<IncidentFigures>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    internal static async Task<IncidentFigures?> ReadAsync(WriteScope scope, long incidentId, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT {Columns} FROM incident_figures WHERE incident_id = @id", ("id", incidentId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    internal static async Task WriteAsync(WriteScope scope, IncidentFigures f, CancellationToken cancellationToken)
    {
        await using var upsert = scope.Command(
            $"INSERT INTO incident_figures ({Columns}) VALUES (@id, @severity, @services, @private, @status, @started, @declared, @declaredBy, @acknowledged, @commander, " +
            "@mitigated, @resolved, @declined, @cadence, @silence, @verified, @overridden, @updates, @updated) " +
            "ON CONFLICT (incident_id) DO UPDATE SET severity = excluded.severity, services = excluded.services, private = excluded.private, status = excluded.status, " +
            "started_at = excluded.started_at, declared_at = excluded.declared_at, declared_by = excluded.declared_by, acknowledged_at = excluded.acknowledged_at, " +
            "commander_at = excluded.commander_at, first_mitigation_at = excluded.first_mitigation_at, resolved_at = excluded.resolved_at, declined = excluded.declined, " +
            "cadence_kept = excluded.cadence_kept, longest_silence_seconds = excluded.longest_silence_seconds, verified = excluded.verified, " +
            "overridden = excluded.overridden, update_times = excluded.update_times, updated_at = excluded.updated_at",
            ("id", f.IncidentId),
            ("severity", f.Severity),
            ("services", JsonSerializer.Serialize(f.Services, FiguresJson.Default.IReadOnlyListString)),
            ("private", f.Private ? 1 : 0),
            ("status", WireNames.Of(f.Status)),
            ("started", Sql.ToText(f.StartedAt)),
            ("declared", Sql.ToText(f.DeclaredAt)),
            ("declaredBy", f.DeclaredBy),
            ("acknowledged", Text(f.AcknowledgedAt)),
            ("commander", Text(f.CommanderAt)),
            ("mitigated", Text(f.FirstMitigationAt)),
            ("resolved", Text(f.ResolvedAt)),
            ("declined", f.Declined ? 1 : 0),
            ("cadence", f.CadenceKept is { } kept ? kept ? 1 : 0 : null),
            ("silence", f.LongestSilenceSeconds),
            ("verified", f.Verified ? 1 : 0),
            ("overridden", f.Overridden ? 1 : 0),
            ("updates", JsonSerializer.Serialize(f.UpdateTimes, FiguresJson.Default.IReadOnlyListDateTimeOffset)),
            ("updated", Sql.ToText(f.UpdatedAt)));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// At start: when the figures were computed in another shape than <see cref="FiguresVersion"/> (or never, on a
    /// database from before the table), computes every incident's row from its events. Returns how many were written.
    /// </summary>
    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await streams.Database.OpenAsync(cancellationToken))
        await using (var select = connection.Command("SELECT version FROM snapshot_versions WHERE name = @name", null, ("name", VersionName)))
        {
            if (await select.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull && Convert.ToInt64(value, CultureInfo.InvariantCulture) == FiguresVersion)
            {
                return 0;
            }
        }

        return await RefillAsync(cancellationToken);
    }

    /// <summary>Computes every incident's row again from its events, and records the figures version.</summary>
    public async Task<int> RefillAsync(CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (var connection = await streams.Database.OpenAsync(cancellationToken))
        await using (var select = connection.Command("SELECT id FROM incidents ORDER BY id", null))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.Int64(0));
            }
        }

        var written = 0;
        foreach (var id in ids)
        {
            var done = await streams.WriteAsync<bool>(
                async (writer, ct) =>
                {
                    // Hold the incident's row, so that an append cannot land between the read and the write.
                    await using (var hold = writer.Scope.Command($"SELECT id FROM incidents WHERE id = @id{streams.Database.ForUpdate}", ("id", id)))
                    {
                        await hold.ExecuteScalarAsync(ct);
                    }

                    var events = (await streams.ReadStreamAsync(writer.Scope.Connection, writer.Scope.Transaction, IncidentStore.Stream(id), 0, int.MaxValue, ct))
                        .Select(e => IncidentStore.ToRecorded(id, e)).ToList();
                    if (events.Count == 0)
                    {
                        return false;
                    }

                    await WriteAsync(writer.Scope, IncidentFigures.Next(null, Incident.Fold(null, events)!, events, severities), ct);
                    return true;
                },
                cancellationToken);
            written += done.Value ? 1 : 0;
        }

        var marked = await streams.WriteAsync<bool>(
            async (writer, ct) =>
            {
                await using var upsert = writer.Scope.Command(
                    "INSERT INTO snapshot_versions (name, version) VALUES (@name, @version) ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                    ("name", VersionName),
                    ("version", FiguresVersion));
                await upsert.ExecuteNonQueryAsync(ct);
                return true;
            },
            cancellationToken);
        _ = marked.Value;
        return written;
    }

    private static string? Text(DateTimeOffset? at) => at is { } a ? Sql.ToText(a) : null;

    private static DateTimeOffset? Instant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Sql.ToInstant(reader.GetString(ordinal));

    private static IncidentFigures Read(DbDataReader r) => new()
    {
        IncidentId = r.Int64(0),
        Severity = r.GetString(1),
        Services = JsonSerializer.Deserialize(r.GetString(2), FiguresJson.Default.IReadOnlyListString) ?? [],
        Private = r.Int64(3) != 0,
        Status = WireNames.TryParse<IncidentStatus>(r.GetString(4), out var status) ? status : IncidentStatus.Investigating,
        StartedAt = Sql.ToInstant(r.GetString(5)),
        DeclaredAt = Sql.ToInstant(r.GetString(6)),
        DeclaredBy = r.GetString(7),
        AcknowledgedAt = Instant(r, 8),
        CommanderAt = Instant(r, 9),
        FirstMitigationAt = Instant(r, 10),
        ResolvedAt = Instant(r, 11),
        Declined = r.Int64(12) != 0,
        CadenceKept = r.IsDBNull(13) ? null : r.Int64(13) != 0,
        LongestSilenceSeconds = r.IsDBNull(14) ? null : r.Int64(14),
        Verified = r.Int64(15) != 0,
        Overridden = r.Int64(16) != 0,
        UpdateTimes = JsonSerializer.Deserialize(r.GetString(17), FiguresJson.Default.IReadOnlyListDateTimeOffset) ?? [],
        UpdatedAt = Sql.ToInstant(r.GetString(18)),
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<DateTimeOffset>))]
internal sealed partial class FiguresJson : JsonSerializerContext;
