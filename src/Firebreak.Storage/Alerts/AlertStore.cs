using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Alerts;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Alerts;

/// <summary>One alert's last word, as its row keeps it.</summary>
public sealed record AlertRow(
    long GroupId,
    string Fingerprint,
    AlertStatus Status,
    string Title,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Link,
    long Fired,
    DateTimeOffset UpdatedAt);

/// <summary>What one request's intake did: the groups it touched (their state after it), and how many alerts changed something.</summary>
public sealed record IntakeOutcome(IReadOnlyList<AlertGroupState> Groups, int Changed, int Repeats);

/// <summary>Filters for the alert group list: newest change first.</summary>
public sealed record AlertGroupQuery(IReadOnlyList<AlertGroupStatus> Statuses, string? Service, long? IncidentId, int Limit = 50, int Offset = 0);

/// <summary>
/// The alert-group stream type (id: the group's number) and the rows kept beside it: the group's state,
/// the key each integration's next alert goes to, and each alert's last word. An intake request is one
/// write in the store's group commit: every 2xx the receivers answer is for alerts already durable.
/// </summary>
public sealed partial class AlertStore(StreamStore streams)
{
    public const string StreamType = "alert-group";
    public const string IntegrationType = "integration";
    public const string RuleType = "alert-rule";

    public static IEnumerable<IEventCodec> Codecs =>
    [
        new JsonEventCodec(StreamType, AlertGroupEventTypes.Map, AlertStorageJson.Default),
        new JsonEventCodec(IntegrationType, IntegrationEventTypes.Map, AlertStorageJson.Default),
        new JsonEventCodec(RuleType, RuleReviewEventTypes.Map, AlertStorageJson.Default),
    ];

    public static IEnumerable<IProjection> Projections =>
    [
        new AlertGroupProjection(),
        StateStream<IntegrationState>.Projection(IntegrationType, AlertStorageJson.Default.IntegrationState),
        StateStream<RuleReviewState>.Projection(RuleType, AlertStorageJson.Default.RuleReviewState),
    ];

    /// <summary>Each alert rule's last review (id: the rule, integration/alertname).</summary>
    public StateStream<RuleReviewState> RuleReviews { get; } = new(streams, RuleType, AlertStorageJson.Default.RuleReviewState,
        (_, _, e) => e.Event is RuleReviewed r ? new RuleReviewState(r.Rule, r.Month, r.Verdict, r.Note, e.Actor, e.OccurredAt, e.Version) : throw new InvalidOperationException("An alert rule's stream holds reviews only."));

    /// <summary>The groups opened in [<paramref name="from"/>, <paramref name="to"/>), for the month's review.</summary>
    public async Task<IReadOnlyList<AlertGroupState>> OpenedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT state FROM alert_groups WHERE opened_at >= @from AND opened_at < @to", null, ("from", Sql.ToText(from)), ("to", Sql.ToText(to)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var groups = new List<AlertGroupState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(JsonSerializer.Deserialize(reader.GetString(0), AlertStorageJson.Default.AlertGroupState)!);
        }

        return groups;
    }

    /// <summary>The integrations made through the API or the web (id: the name); firebreak.yaml's are not stored.</summary>
    public StateStream<IntegrationState> Integrations { get; } = new(streams, IntegrationType, AlertStorageJson.Default.IntegrationState,
        (state, _, e) => Integration.Evolve(state, e.Version, (IIntegrationEvent)e.Event, e.Actor, e.OccurredAt));

    public Database Database => streams.Database;

    /// <summary>A person's (or the scheduler's) command on one group, with the version read when given.</summary>
    public Task<Result<AlertGroupState>> ChangeAsync(long id, long? expectedVersion, IAlertGroupCommand command, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        streams.WriteAsync<AlertGroupState>(
            async (writer, ct) =>
            {
                var group = await ReadStateAsync(writer.Scope, id, lockRow: true, ct);
                if (group is not null && expectedVersion is { } expected && expected != group.Version)
                {
                    return new Conflict($"{group.Name} changed since version {expected}: it is now at version {group.Version}. Reload it and try again.", group.Version);
                }

                var decision = AlertGroup.Decide(group, command, now);
                if (!decision.IsSuccess)
                {
                    return decision.Error!;
                }

                if (decision.Value.Count == 0)
                {
                    return group!;
                }

                var append = await writer.AppendAsync(
                    new StreamId(StreamType, Id(id)),
                    group!.Version,
                    [.. decision.Value],
                    actor,
                    now,
                    group,
                    stored => stored.Aggregate(group, (s, e) => AlertGroup.Evolve(s, id, e.Version, (IAlertGroupEvent)e.Event, e.Actor, e.OccurredAt)),
                    ct);
                return (AlertGroupState)append.After!;
            },
            cancellationToken);

    public async Task<AlertGroupState?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT state FROM alert_groups WHERE id = @id", null, ("id", id));
        return await select.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize(json, AlertStorageJson.Default.AlertGroupState) : null;
    }

    public async Task<IReadOnlyList<AlertGroupState>> ListAsync(AlertGroupQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", query.Limit), ("offset", query.Offset) };
        if (query.Statuses.Count > 0)
        {
            where.Add("status IN (" + string.Join(", ", query.Statuses.Select((s, i) => "@s" + i.ToString(CultureInfo.InvariantCulture))) + ")");
            parameters.AddRange(query.Statuses.Select((s, i) => ("s" + i.ToString(CultureInfo.InvariantCulture), (object?)WireNames.Of(s))));
        }

        if (query.Service is { } service)
        {
            where.Add("service = @service");
            parameters.Add(("service", service.ToLowerInvariant()));
        }

        if (query.IncidentId is { } incident)
        {
            where.Add("incident_id = @incident");
            parameters.Add(("incident", incident));
        }

        var sql = "SELECT state FROM alert_groups" + (where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where)) +
                  " ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset";
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command(sql, null, [.. parameters]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var groups = new List<AlertGroupState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(JsonSerializer.Deserialize(reader.GetString(0), AlertStorageJson.Default.AlertGroupState)!);
        }

        return groups;
    }

    private const string AlertColumns = "SELECT fingerprint, status, title, labels, annotations, starts_at, ends_at, link, fired, updated_at FROM alerts ";

    /// <summary>A group's alerts, firing ones first, then by their last change.</summary>
    public async Task<IReadOnlyList<AlertRow>> AlertsAsync(long groupId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            AlertColumns + "WHERE group_id = @id ORDER BY CASE WHEN status = 'firing' THEN 0 ELSE 1 END, updated_at DESC, fingerprint LIMIT @limit",
            null,
            ("id", groupId),
            ("limit", limit));
        return await ReadAlertsAsync(select, groupId, cancellationToken);
    }

    /// <summary>
    /// A page of a group's alerts in fingerprint order, after <paramref name="after"/> (empty: from the first):
    /// every alert of a storm can be read, a page at a time, through the primary key.
    /// </summary>
    public async Task<IReadOnlyList<AlertRow>> AlertPageAsync(long groupId, string after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            AlertColumns + "WHERE group_id = @id AND fingerprint > @after ORDER BY fingerprint LIMIT @limit",
            null,
            ("id", groupId),
            ("after", after),
            ("limit", limit));
        return await ReadAlertsAsync(select, groupId, cancellationToken);
    }

    private static async Task<IReadOnlyList<AlertRow>> ReadAlertsAsync(System.Data.Common.DbCommand select, long groupId, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AlertRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AlertRow(
                groupId,
                reader.GetString(0),
                reader.GetString(1) == "firing" ? AlertStatus.Firing : AlertStatus.Resolved,
                reader.GetString(2),
                JsonSerializer.Deserialize(reader.GetString(3), AlertStorageJson.Default.DictionaryStringString)!,
                JsonSerializer.Deserialize(reader.GetString(4), AlertStorageJson.Default.DictionaryStringString)!,
                reader.NullableString(5) is { } starts ? Sql.ToInstant(starts) : null,
                reader.NullableString(6) is { } ends ? Sql.ToInstant(ends) : null,
                reader.NullableString(7),
                reader.Int64(8),
                Sql.ToInstant(reader.GetString(9))));
        }

        return rows;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(long? Id, AlertGroupState? Group)> CurrentGroupAsync(WriteScope scope, string integration, string key, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(
            $"SELECT group_id FROM alert_group_keys WHERE integration = @integration AND group_key = @key{Database.ForUpdate}",
            ("integration", integration),
            ("key", key));
        if (await select.ExecuteScalarAsync(cancellationToken) is not { } found || found is DBNull)
        {
            return (null, null);
        }

        var id = Convert.ToInt64(found, CultureInfo.InvariantCulture);
        return (id, await ReadStateAsync(scope, id, lockRow: false, cancellationToken));
    }

    private async Task<AlertGroupState?> ReadStateAsync(WriteScope scope, long id, bool lockRow, CancellationToken cancellationToken)
    {
        await using var select = scope.Command($"SELECT state FROM alert_groups WHERE id = @id{(lockRow ? Database.ForUpdate : string.Empty)}", ("id", id));
        return await select.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize(json, AlertStorageJson.Default.AlertGroupState) : null;
    }

    private static async Task<Dictionary<string, AlertStatus>> KnownAsync(WriteScope scope, long groupId, IEnumerable<string> fingerprints, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, AlertStatus>(StringComparer.Ordinal);
        foreach (var chunk in fingerprints.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            var parameters = new List<(string, object?)> { ("group", groupId) };
            parameters.AddRange(chunk.Select((f, i) => ("f" + i.ToString(CultureInfo.InvariantCulture), (object?)f)));
            await using var select = scope.Command(
                "SELECT fingerprint, status FROM alerts WHERE group_id = @group AND fingerprint IN (" +
                string.Join(", ", chunk.Select((_, i) => "@f" + i.ToString(CultureInfo.InvariantCulture))) + ")",
                [.. parameters]);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known[reader.GetString(0)] = reader.GetString(1) == "firing" ? AlertStatus.Firing : AlertStatus.Resolved;
            }
        }

        return known;
    }

    private static async Task<long> NextIdAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await using var select = scope.Command("SELECT COALESCE(MAX(id), 0) + 1 FROM alert_groups");
        return await select.ScalarInt64Async(cancellationToken);
    }
}

/// <summary>Keeps the group's row, its key's row and each alert's row in the append's transaction.</summary>
internal sealed class AlertGroupProjection : IProjection
{
    public bool Handles(string streamType) => streamType == AlertStore.StreamType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not AlertGroupState group || append.Events.Count == 0)
        {
            return;
        }

        var at = Sql.ToText(append.At);
        await using (var upsert = scope.Command(
                         "INSERT INTO alert_groups (id, integration, group_key, status, service, incident_id, title, firing, opened_at, updated_at, version, state) " +
                         "VALUES (@id, @integration, @key, @status, @service, @incident, @title, @firing, @opened, @at, @version, @state) " +
                         "ON CONFLICT (id) DO UPDATE SET status = excluded.status, service = excluded.service, incident_id = excluded.incident_id, " +
                         "firing = excluded.firing, updated_at = excluded.updated_at, version = excluded.version, state = excluded.state",
                         ("id", (object?)group.Id), ("integration", group.Integration), ("key", group.Key), ("status", WireNames.Of(group.Status)),
                         ("service", group.Service), ("incident", group.IncidentId), ("title", group.Title), ("firing", group.Firing),
                         ("opened", Sql.ToText(group.OpenedAt)), ("at", at), ("version", group.Version),
                         ("state", JsonSerializer.Serialize(group, AlertStorageJson.Default.AlertGroupState))))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        // A run of alerts firing goes in as one multi-row insert; the run ends at any other event, or at an
        // alert firing twice in it (one statement may not change a row twice), so the order of changes is kept.
        var firedRun = new Dictionary<string, AlertFired>(StringComparer.Ordinal);
        foreach (var e in append.Payloads)
        {
            if (e is not AlertFired && firedRun.Count > 0)
            {
                await InsertFiredAsync(scope, group.Id, firedRun, at, cancellationToken);
            }

            switch (e)
            {
                case AlertGroupOpened opened:
                    await using (var key = scope.Command(
                                     "INSERT INTO alert_group_keys (integration, group_key, group_id) VALUES (@integration, @key, @id) " +
                                     "ON CONFLICT (integration, group_key) DO UPDATE SET group_id = excluded.group_id",
                                     ("integration", opened.Integration), ("key", opened.Key), ("id", group.Id)))
                    {
                        await key.ExecuteNonQueryAsync(cancellationToken);
                    }

                    break;
                case AlertFired fired:
                    if (firedRun.ContainsKey(fired.Fingerprint) || firedRun.Count >= FiredRows)
                    {
                        await InsertFiredAsync(scope, group.Id, firedRun, at, cancellationToken);
                    }

                    firedRun.Add(fired.Fingerprint, fired);
                    continue;
                case AlertResolved resolved:
                    await using (var alert = scope.Command(
                                     "UPDATE alerts SET status = 'resolved', ends_at = @ends, updated_at = @at WHERE group_id = @group AND fingerprint = @fingerprint",
                                     ("group", group.Id), ("fingerprint", resolved.Fingerprint), ("ends", Sql.ToText(resolved.EndsAt ?? append.At)), ("at", at)))
                    {
                        await alert.ExecuteNonQueryAsync(cancellationToken);
                    }

                    break;
                case AlertGroupResolved:
                    await using (var all = scope.Command(
                                     "UPDATE alerts SET status = 'resolved', ends_at = @at, updated_at = @at WHERE group_id = @group AND status = 'firing'",
                                     ("group", group.Id), ("at", at)))
                    {
                        await all.ExecuteNonQueryAsync(cancellationToken);
                    }

                    break;
            }
        }

        if (firedRun.Count > 0)
        {
            await InsertFiredAsync(scope, group.Id, firedRun, at, cancellationToken);
        }
    }

    private const int FiredRows = 200;

    private static async Task InsertFiredAsync(WriteScope scope, long groupId, Dictionary<string, AlertFired> run, string at, CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder("INSERT INTO alerts (group_id, fingerprint, status, title, labels, annotations, starts_at, ends_at, link, fired, updated_at) VALUES ");
        var parameters = new List<(string, object?)>(run.Count * 6 + 2) { ("group", groupId), ("at", at) };
        var i = 0;
        foreach (var fired in run.Values)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i++ == 0 ? string.Empty : ", ").Append($"(@group, @f{n}, 'firing', @t{n}, @l{n}, @a{n}, @s{n}, NULL, @k{n}, 1, @at)");
            parameters.Add(("f" + n, fired.Fingerprint));
            parameters.Add(("t" + n, fired.Title));
            parameters.Add(("l" + n, JsonSerializer.Serialize(fired.Labels, AlertStorageJson.Default.IReadOnlyDictionaryStringString)));
            parameters.Add(("a" + n, JsonSerializer.Serialize(fired.Annotations, AlertStorageJson.Default.IReadOnlyDictionaryStringString)));
            parameters.Add(("s" + n, fired.StartsAt is { } s ? Sql.ToText(s) : null));
            parameters.Add(("k" + n, fired.Link));
        }

        sql.Append(" ON CONFLICT (group_id, fingerprint) DO UPDATE SET status = 'firing', title = excluded.title, labels = excluded.labels, " +
                   "annotations = excluded.annotations, starts_at = excluded.starts_at, ends_at = NULL, link = excluded.link, " +
                   "fired = alerts.fired + 1, updated_at = excluded.updated_at");
        await using (var insert = scope.Command(sql.ToString(), [.. parameters]))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        run.Clear();
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertGroupState))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(AlertGroupOpened))]
[JsonSerializable(typeof(AlertFired))]
[JsonSerializable(typeof(AlertResolved))]
[JsonSerializable(typeof(AlertGroupReopened))]
[JsonSerializable(typeof(AlertGroupResolved))]
[JsonSerializable(typeof(AlertGroupAcknowledged))]
[JsonSerializable(typeof(AlertGroupSilenced))]
[JsonSerializable(typeof(AlertGroupFlapping))]
[JsonSerializable(typeof(AlertGroupAttached))]
[JsonSerializable(typeof(IntegrationState))]
[JsonSerializable(typeof(RuleReviewState))]
[JsonSerializable(typeof(RuleReviewed))]
[JsonSerializable(typeof(IntegrationCreated))]
[JsonSerializable(typeof(IntegrationKeyRotated))]
[JsonSerializable(typeof(IntegrationRemoved))]
public sealed partial class AlertStorageJson : JsonSerializerContext;
