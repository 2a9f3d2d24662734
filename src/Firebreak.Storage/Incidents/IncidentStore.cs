using System.Data.Common;
using System.Text;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Scheduling;

namespace Firebreak.Storage.Incidents;

/// <summary>
/// Events go to incident_events; in the same transaction the incidents row (list columns and the
/// state snapshot), services and members are brought up to date, so a reader never sees an event
/// without its effects. The (incident_id, version) key makes a lost race impossible to commit.
/// </summary>
public sealed partial class IncidentStore(Database database, IJobPlanner? planner = null) : IIncidentStore
{
    private const string Columns = "id, state";

    public async Task<Appended> CreateAsync(IReadOnlyList<IIncidentEvent> events, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        long id;
        await using (var insert = scope.Command(
                         "INSERT INTO incidents (version, title, severity, status, active, private, started_at, declared_at, updated_at, search_text, state) " +
                         "VALUES (0, '', '', '', 1, 0, @at, @at, @at, '', '') RETURNING id",
                         ("at", Sql.ToText(at))))
        {
            id = await insert.ScalarInt64Async(cancellationToken);
        }

        var appended = await WriteAsync(scope, null, id, events, actor, at, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return appended;
    }

    public Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        AppendAsync(incidentId, expectedVersion, (_, state, _) => Task.FromResult(decide(state)), actor, at, cancellationToken);

    /// <summary>The one write path: lock, check the version, decide (which may write beside the events), append, project.</summary>
    private async Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<WriteScope, IncidentState, CancellationToken, Task<Result<IReadOnlyList<IIncidentEvent>>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        IncidentState? state;
        await using (var select = scope.Command($"SELECT {Columns} FROM incidents WHERE id = @id{database.ForUpdate}", ("id", incidentId)))
        {
            state = await ReadStateAsync(select, cancellationToken);
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

        var decision = await decide(scope, state, cancellationToken);
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        if (decision.Value.Count == 0)
        {
            return new Appended(state, []);
        }

        var appended = await WriteAsync(scope, state, incidentId, decision.Value, actor, at, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return appended;
    }

    public async Task<IncidentState?> GetAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
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
            where.Append(" AND i.search_text LIKE @text ESCAPE '\\'");
            parameters.Add(("text", Sql.LikePattern(query.Text.Trim().ToLowerInvariant())));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
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

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(long incidentId, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT version, type, data, actor, occurred_at FROM incident_events WHERE incident_id = @id AND version > @after ORDER BY version LIMIT @limit",
            null,
            ("id", incidentId),
            ("after", afterVersion),
            ("limit", limit));
        return await ReadEventsAsync(incidentId, select, cancellationToken);
    }

    public async Task<RecordedEvent?> ReadOneAsync(long incidentId, long version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT version, type, data, actor, occurred_at FROM incident_events WHERE incident_id = @id AND version = @version",
            null,
            ("id", incidentId),
            ("version", version));
        var events = await ReadEventsAsync(incidentId, select, cancellationToken);
        return events.Count == 0 ? null : events[0];
    }

    private async Task<Appended> WriteAsync(
        WriteScope scope,
        IncidentState? state,
        long id,
        IReadOnlyList<IIncidentEvent> events,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var recorded = new List<RecordedEvent>(events.Count);
        var version = state?.Version ?? 0;
        foreach (var e in events)
        {
            var r = new RecordedEvent(id, ++version, e, actor, at);
            await using var insert = scope.Command(
                "INSERT INTO incident_events (incident_id, version, type, data, actor, occurred_at) VALUES (@id, @version, @type, @data, @actor, @at)",
                ("id", id),
                ("version", r.Version),
                ("type", EventTypes.NameOf(e)),
                ("data", StorageJson.SerializeEvent(e)),
                ("actor", actor),
                ("at", Sql.ToText(at)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            recorded.Add(r);
        }

        var next = Incident.Fold(state, recorded)!;
        await ProjectAsync(scope, state, next, cancellationToken);
        if (planner is not null)
        {
            await SchedulerStore.ApplyAsync(scope, planner.Plan(next, at), cancellationToken);
        }

        return new Appended(next, recorded);
    }

    private static async Task ProjectAsync(WriteScope scope, IncidentState? before, IncidentState state, CancellationToken cancellationToken)
    {
        await using (var update = scope.Command(
                         "UPDATE incidents SET version = @version, title = @title, severity = @severity, status = @status, active = @active, " +
                         "private = @private, commander = @commander, started_at = @started, declared_at = @declared, updated_at = @updated, " +
                         "search_text = @search, state = @state WHERE id = @id",
                         ("id", state.Id),
                         ("version", state.Version),
                         ("title", state.Title),
                         ("severity", state.Severity),
                         ("status", WireNames.Of(state.Status)),
                         ("active", Lifecycle.IsActive(state.Status) ? 1 : 0),
                         ("private", state.Private ? 1 : 0),
                         ("commander", state.Commander),
                         ("started", Sql.ToText(state.StartedAt)),
                         ("declared", Sql.ToText(state.DeclaredAt)),
                         ("updated", Sql.ToText(state.UpdatedAt)),
                         ("search", SearchText(state)),
                         ("state", StorageJson.SerializeState(state))))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var services = state.Services.Select(s => s.ToLowerInvariant()).Distinct().Except(before?.Services.Select(s => s.ToLowerInvariant()) ?? []);
        foreach (var service in services)
        {
            await using var insert = scope.Command("INSERT INTO incident_services (incident_id, service) VALUES (@id, @service)", ("id", state.Id), ("service", service));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var member in state.Members.Except(before?.Members ?? []))
        {
            await using var insert = scope.Command("INSERT INTO incident_members (incident_id, username) VALUES (@id, @member)", ("id", state.Id), ("member", member));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string SearchText(IncidentState state) =>
        string.Join('\n', new[] { state.Key, state.Title, state.Summary, state.Impact }.Concat(state.Services).Where(s => s is not null))
            .ToLowerInvariant();

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

    private static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(long incidentId, DbCommand select, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RecordedEvent(
                incidentId,
                reader.Int64(0),
                StorageJson.DeserializeEvent(reader.GetString(1), reader.GetString(2)),
                reader.GetString(3),
                Sql.ToInstant(reader.GetString(4))));
        }

        return events;
    }
}
