using System.Data.Common;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Evidence;

namespace Firebreak.Storage.Incidents;

public sealed partial class IncidentStore
{
    private const string EvidenceColumns = "number, incident_id, kind, name, content_type, url, size, sha256, verification, created_by, created_at";

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
                // The next number within the incident: the incident's row is locked, so no other attach can take it.
                await using var insert = scope.Command(
                    "INSERT INTO evidence (incident_id, number, kind, name, content_type, url, size, sha256, content, verification, created_by, created_at) " +
                    "VALUES (@incident, (SELECT COALESCE(MAX(number), 0) + 1 FROM evidence WHERE incident_id = @incident), @kind, @name, @type, @url, @size, @sha, @content, @verification, @by, @at) RETURNING number",
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
                var number = await insert.ScalarInt64Async(ct);
                return decide(state, number);
            },
            actor,
            at,
            cancellationToken);

    public async Task<IReadOnlyList<StoredEvidence>> ListEvidenceAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {EvidenceColumns} FROM evidence WHERE incident_id = @incident ORDER BY number", null, ("incident", incidentId));
        var items = await ReadEvidenceAsync(select, withContent: false, cancellationToken);
        if (!items.Any(e => e.Verification))
        {
            return items;
        }

        // What kind of check verification evidence records lives in its event: read them once, by number.
        var kinds = (await ReadAsync(incidentId, 0, int.MaxValue, cancellationToken))
            .Select(e => e.Event)
            .OfType<EvidenceAttached>()
            .Where(a => a.CheckKind is not null)
            .ToDictionary(a => a.Number, a => a.CheckKind);
        return [.. items.Select(e => kinds.TryGetValue(e.Number, out var kind) ? e with { CheckKind = kind } : e)];
    }

    public async Task<StoredEvidence?> GetEvidenceAsync(long incidentId, long number, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT {EvidenceColumns}, content FROM evidence WHERE incident_id = @incident AND number = @number",
            null,
            ("incident", incidentId),
            ("number", number));
        return (await ReadEvidenceAsync(select, withContent: true, cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// Evidence events stored before evidence was numbered per incident read with number 0 (see
    /// <see cref="IncidentUpcasters"/>). The n-th evidence event of an incident is its evidence n, as
    /// migration 0005 numbered the kept rows, so such an event gets its number from its place: the
    /// evidence events before this page are counted, then the page's in order.
    /// </summary>
    private async Task<IReadOnlyList<RecordedEvent>> NumberOlderEvidenceAsync(long incidentId, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        if (!events.Any(e => e.Event is EvidenceAttached { Number: 0 }))
        {
            return events;
        }

        var before = events[0].Version <= 1
            ? []
            : await _streams.ReadStreamAsync(Stream(incidentId), 0, (int)Math.Min(events[0].Version - 1, int.MaxValue), cancellationToken);
        var number = before.Count(e => e.Event is EvidenceAttached);
        var numbered = new List<RecordedEvent>(events.Count);
        foreach (var e in events)
        {
            if (e.Event is EvidenceAttached attached)
            {
                number++;
                numbered.Add(attached.Number == 0 ? e with { Event = attached with { Number = number } } : e);
            }
            else
            {
                numbered.Add(e);
            }
        }

        return numbered;
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
