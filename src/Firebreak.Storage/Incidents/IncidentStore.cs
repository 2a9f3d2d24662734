using System.Data.Common;
using System.Globalization;
using System.Text;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Incidents;

/// <summary>
/// The incident stream type on the stream store. An append locks the incident's row, checks the
/// expected version, decides, and writes the events; the read model projection (and any other
/// projection for incidents, such as the deadlines) runs in the same transaction.
/// </summary>
public sealed partial class IncidentStore : IIncidentStore
{
    public const string StreamType = "incident";

    /// <summary>
    /// The shape of the stored state snapshot, and the rules that fold it; a database holding another
    /// is rebuilt from its events at start. 2: only a public update announces a resolution, and a
    /// check that passes again leaves the failing list. 3: the public status history (public steps).
    /// 4: the impact stated per status page component.
    /// </summary>
    public const int SnapshotVersion = 4;

    private const string Columns = "id, state";

    private readonly StreamStore _streams;
    private readonly Database _database;

    public IncidentStore(StreamStore streams)
    {
        _streams = streams;
        _database = streams.Database;
    }

    /// <summary>A store of its own on <paramref name="database"/>, with the read model and these extra projections.</summary>
    public IncidentStore(Database database, params IProjection[] projections)
        : this(Streams(database, projections))
    {
    }

    public StreamStore StreamStore => _streams;

    /// <summary>A stream store that knows incidents: their codec, the read model first, then <paramref name="projections"/>.</summary>
    public static StreamStore Streams(Database database, params IProjection[] projections) =>
        new(database, [new IncidentCodec()], [new IncidentReadModelProjection(), .. projections]);

    public static StreamId Stream(long incidentId) => new(StreamType, incidentId.ToString(CultureInfo.InvariantCulture));

    public async Task<Appended> CreateAsync(IReadOnlyList<IIncidentEvent> events, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var created = await _streams.WriteAsync<Appended>(
            async (writer, ct) =>
            {
                long id;
                await using (var insert = writer.Scope.Command(
                                 "INSERT INTO incidents (version, title, severity, status, active, private, started_at, declared_at, updated_at, search_text, state) " +
                                 "VALUES (0, '', '', '', 1, 0, @at, @at, @at, '', '') RETURNING id",
                                 ("at", Sql.ToText(at))))
                {
                    id = await insert.ScalarInt64Async(ct);
                }

                return await WriteAsync(writer, null, id, events, actor, at, ct);
            },
            cancellationToken);
        return created.Value;
    }

    public Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        AppendAsync(incidentId, expectedVersion, null, (_, state, _) => Task.FromResult(decide(state)), actor, at, cancellationToken);

    public Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState?, Error?> admit,
        Func<IncidentState, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        AppendAsync(incidentId, expectedVersion, admit, (_, state, _) => Task.FromResult(decide(state)), actor, at, cancellationToken);

    /// <summary>The one write path: lock, check the version, decide (which may write beside the events), append, project.</summary>
    private Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState?, Error?>? admit,
        Func<WriteScope, IncidentState, CancellationToken, Task<Result<IReadOnlyList<IIncidentEvent>>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        _streams.WriteAsync<Appended>(
            async (writer, ct) =>
            {
                IncidentState? state;
                await using (var select = writer.Scope.Command($"SELECT {Columns} FROM incidents WHERE id = @id{_database.ForUpdate}", ("id", incidentId)))
                {
                    state = await ReadStateAsync(select, ct);
                }

                if (admit?.Invoke(state) is { } refused)
                {
                    return refused;
                }

                if (state is null)
                {
                    return new NotFound($"There is no incident {IncidentKey.Format(incidentId)}.");
                }

                if (expectedVersion is { } expected && expected != state.Version)
                {
                    return new Conflict(
                        $"{state.Key} changed since version {expected}: it is now at version {state.Version}. Reload it and try again.",
                        state.Version);
                }

                var decision = await decide(writer.Scope, state, ct);
                if (!decision.IsSuccess)
                {
                    return decision.Error!;
                }

                if (decision.Value.Count == 0)
                {
                    return new Appended(state, []);
                }

                return await WriteAsync(writer, state, incidentId, decision.Value, actor, at, ct);
            },
            cancellationToken);

    /// <summary>An incident's state as the transaction of <paramref name="scope"/> sees it (for a projection of another stream that needs it).</summary>
    public static async Task<IncidentState?> GetAsync(WriteScope scope, long incidentId, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT {Columns} FROM incidents WHERE id = @id AND version > 0", ("id", incidentId));
        return await ReadStateAsync(select, cancellationToken);
    }

    public async Task<IncidentState?> GetAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {Columns} FROM incidents WHERE id = @id AND version > 0", null, ("id", incidentId));
        return await ReadStateAsync(select, cancellationToken);
    }

    public async Task<IncidentPage> ListAsync(IncidentQuery query, Viewer viewer, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE i.version > 0");
        var parameters = new List<(string, object?)>();
        if (!viewer.SeesAll)
        {
            where.Append(" AND (i.private = 0 OR EXISTS (SELECT 1 FROM incident_members m WHERE m.incident_id = i.id AND m.username = @viewer))");
            parameters.Add(("viewer", viewer.Username));
        }

        AppendIn(where, parameters, "i.status", "st", query.Statuses.Select(WireNames.Of).ToList());
        AppendIn(where, parameters, "i.severity", "sev", query.Severities);
        if (query.Active is { } active)
        {
            where.Append(" AND i.active = @active");
            parameters.Add(("active", active ? 1 : 0));
        }

        if (!string.IsNullOrWhiteSpace(query.Service))
        {
            where.Append(" AND EXISTS (SELECT 1 FROM incident_services s WHERE s.incident_id = i.id AND s.service = @service)");
            parameters.Add(("service", query.Service.Trim().ToLowerInvariant()));
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // The key ("inc-7") heads the search text, before the first line break. Matched as a substring it would make
            // "-" or "inc" find every incident, so words are matched after it, and the key only as a whole.
            var text = query.Text.Trim();
            var byKey = IncidentKey.TryParse(text, out var keyId);
            where.Append(byKey ? " AND (i.search_text LIKE @text ESCAPE '\\' OR i.id = @textId)" : " AND i.search_text LIKE @text ESCAPE '\\'");
            parameters.Add(("text", "%\n" + Sql.LikePattern(text.ToLowerInvariant())));
            if (byKey)
            {
                parameters.Add(("textId", keyId));
            }
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        long total;
        await using (var count = connection.Command($"SELECT COUNT(*) FROM incidents i {where}", null, [.. parameters]))
        {
            total = await count.ScalarInt64Async(cancellationToken);
        }

        parameters.Add(("limit", query.Limit));
        parameters.Add(("offset", query.Offset));
        var items = new List<IncidentState>();
        await using var select = connection.Command(
            $"SELECT i.id, i.state FROM incidents i {where} ORDER BY i.active DESC, i.declared_at DESC, i.id DESC LIMIT @limit OFFSET @offset",
            null,
            [.. parameters]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(StorageJson.DeserializeState(reader.GetString(1)));
        }

        return new IncidentPage(items, total);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(long incidentId, long afterVersion, int limit, CancellationToken cancellationToken) =>
        await NumberOlderEvidenceAsync(
            incidentId,
            (await _streams.ReadStreamAsync(Stream(incidentId), afterVersion, limit, cancellationToken)).Select(e => ToRecorded(incidentId, e)).ToList(),
            cancellationToken);

    public async Task<RecordedEvent?> ReadOneAsync(long incidentId, long version, CancellationToken cancellationToken)
    {
        if (version < 1)
        {
            return null;
        }

        var events = await _streams.ReadStreamAsync(Stream(incidentId), version - 1, 1, cancellationToken);
        return events.Count == 1 && events[0].Version == version
            ? (await NumberOlderEvidenceAsync(incidentId, [ToRecorded(incidentId, events[0])], cancellationToken))[0]
            : null;
    }

    /// <summary>An incident event as Core folds it, with its global position.</summary>
    public static RecordedEvent ToRecorded(long incidentId, StoredEvent e) =>
        new(incidentId, e.Version, (IIncidentEvent)e.Event, e.Actor, e.OccurredAt, e.Position);

    private static async Task<Appended> WriteAsync(
        StreamTransaction writer,
        IncidentState? state,
        long id,
        IReadOnlyList<IIncidentEvent> events,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var append = await writer.AppendAsync(
            Stream(id),
            state?.Version ?? 0,
            events,
            actor,
            at,
            state,
            stored => Incident.Fold(state, stored.Select(e => ToRecorded(id, e))),
            cancellationToken);
        return new Appended((IncidentState)append.After!, append.Events.Select(e => ToRecorded(id, e)).ToList());
    }

    private static void AppendIn(StringBuilder where, List<(string, object?)> parameters, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var names = values.Select((v, i) => $"@{prefix}{i}").ToList();
        where.Append($" AND {column} IN ({string.Join(", ", names)})");
        parameters.AddRange(values.Select((v, i) => ($"{prefix}{i}", (object?)v)));
    }

    private static async Task<IncidentState?> ReadStateAsync(DbCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var json = reader.GetString(1);
        return json.Length == 0 ? null : StorageJson.DeserializeState(json);
    }
}
