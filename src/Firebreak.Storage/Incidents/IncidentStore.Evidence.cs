using System.Data.Common;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Evidence;

namespace Firebreak.Storage.Incidents;

public sealed partial class IncidentStore
{
    private const string EvidenceColumns = "id, incident_id, kind, name, content_type, url, size, sha256, verification, created_by, created_at";

    public Task<Result<Appended>> AttachEvidenceAsync(
        long incidentId,
        long? expectedVersion,
        NewEvidence evidence,
        Func<IncidentState, long, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        AttachEvidenceAsync(incidentId, expectedVersion, _ => null, evidence, decide, actor, at, cancellationToken);

    public async Task<Result<Appended>> AttachEvidenceAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState?, Error?> admit,
        NewEvidence evidence,
        Func<IncidentState, long, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        await AppendAsync(
            incidentId,
            expectedVersion,
            admit,
            async (scope, state, ct) =>
            {
                await using var insert = scope.Command(
                    "INSERT INTO evidence (incident_id, kind, name, content_type, url, size, sha256, content, verification, created_by, created_at) " +
                    "VALUES (@incident, @kind, @name, @type, @url, @size, @sha, @content, @verification, @by, @at) RETURNING id",
                    ("incident", incidentId),
                    ("kind", WireNames.Of(evidence.Kind)),
                    ("name", evidence.Name),
                    ("type", evidence.ContentType),
                    ("url", evidence.Url),
                    ("size", (long)(evidence.Content?.Length ?? 0)),
                    ("sha", evidence.Sha256),
                    ("content", evidence.Content),
                    ("verification", evidence.Verification ? 1 : 0),
                    ("by", actor),
                    ("at", Sql.ToText(at)));
                var id = await insert.ScalarInt64Async(ct);
                return decide(state, id);
            },
            actor,
            at,
            cancellationToken);

    public async Task<IReadOnlyList<StoredEvidence>> ListEvidenceAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {EvidenceColumns} FROM evidence WHERE incident_id = @incident ORDER BY id", null, ("incident", incidentId));
        return await ReadEvidenceAsync(select, withContent: false, cancellationToken);
    }

    public async Task<StoredEvidence?> GetEvidenceAsync(long incidentId, long evidenceId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT {EvidenceColumns}, content FROM evidence WHERE incident_id = @incident AND id = @id",
            null,
            ("incident", incidentId),
            ("id", evidenceId));
        return (await ReadEvidenceAsync(select, withContent: true, cancellationToken)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<StoredEvidence>> ReadEvidenceAsync(DbCommand select, bool withContent, CancellationToken cancellationToken)
    {
        var items = new List<StoredEvidence>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            WireNames.TryParse<EvidenceKind>(reader.GetString(2), out var kind);
            items.Add(new StoredEvidence(
                reader.Int64(0),
                reader.Int64(1),
                kind,
                reader.GetString(3),
                reader.NullableString(4),
                reader.NullableString(5),
                reader.Int64(6),
                reader.GetString(7),
                reader.Int64(8) != 0,
                reader.GetString(9),
                Sql.ToInstant(reader.GetString(10)),
                withContent && !reader.IsDBNull(11) ? (byte[])reader.GetValue(11) : null));
        }

        return items;
    }
}
