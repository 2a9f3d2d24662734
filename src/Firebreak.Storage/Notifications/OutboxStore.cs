using System.Text;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Notifications;

/// <summary>
/// The outbox's tables. Rows are queued inside an append's transaction (<see cref="EnqueueAsync"/>);
/// the dispatcher claims the due ones for a while, tries them and records each try. A claim that is
/// never recorded (the process died between claim and send) lapses and the row is tried again, with
/// the same idempotency key.
/// </summary>
public sealed class OutboxStore(Database database)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>How much of a try's answer or error the log keeps.</summary>
    public const int MaxDetail = 2048;

    private const string Columns = "id, channel, subject_type, subject_id, kind, event_position, event_version, state, attempts, created_at, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, message";

    /// <summary>Queues messages inside an existing write transaction, in one command; a key already queued is skipped.</summary>
    public static async Task EnqueueAsync(WriteScope scope, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var sql = new StringBuilder("INSERT INTO outbox (idempotency_key, channel, subject_type, subject_id, kind, event_position, event_version, message, state, attempts, created_at, since, next_attempt_at) VALUES ");
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            sql.Append(i == 0 ? string.Empty : ", ").Append($"(@k{i}, @c{i}, @st{i}, @sid{i}, @kind{i}, @p{i}, @v{i}, @m{i}, 'pending', 0, @at{i}, @at{i}, @at{i})");
            parameters.AddRange([($"k{i}", m.IdempotencyKey), ($"c{i}", m.Channel), ($"st{i}", m.Subject.Type), ($"sid{i}", m.Subject.Id), ($"kind{i}", m.Kind), ($"p{i}", m.EventPosition), ($"v{i}", m.EventVersion), ($"m{i}", m.Message), ($"at{i}", Sql.ToText(m.At))]);
        }

        sql.Append(" ON CONFLICT (idempotency_key) DO NOTHING");
        await using var insert = scope.Command(sql.ToString(), [.. parameters]);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows of one channel until <paramref name="until"/>, oldest
    /// first. A row whose subject has an earlier pending row that is in flight or waiting to be retried
    /// is not due yet: each subject's messages reach a channel in order. The subjects held up so are
    /// found first (few rows: those waiting or in flight), so a claim costs the rows it takes, not the
    /// backlog behind them.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string channel, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var claimed = new List<ClaimedDelivery>();
        await using (var claim = scope.Command(
                         """
                         WITH blocked AS MATERIALIZED (
                             SELECT subject_type, subject_id, MIN(id) AS first_id FROM (
                                 SELECT subject_type, subject_id, id FROM outbox
                                 WHERE state = 'pending' AND channel = @channel AND next_attempt_at > @now
                                 UNION ALL
                                 SELECT subject_type, subject_id, id FROM outbox
                                 WHERE channel = @channel AND claimed_until > @now AND state = 'pending') waiting
                             GROUP BY subject_type, subject_id)
                         UPDATE outbox SET claimed_until = @until
                         WHERE id IN (
                             SELECT o.id FROM outbox o
                             WHERE o.channel = @channel AND o.state = 'pending' AND o.next_attempt_at <= @now
                               AND (o.claimed_until IS NULL OR o.claimed_until <= @now)
                               AND NOT EXISTS (
                                   SELECT 1 FROM blocked b
                                   WHERE b.subject_type = o.subject_type AND b.subject_id = o.subject_id AND b.first_id < o.id)
                             ORDER BY o.id
                             LIMIT @limit)
                         RETURNING id, idempotency_key, channel, subject_type, subject_id, message, attempts, since
                         """,
                         ("until", Sql.ToText(until)),
                         ("channel", channel),
                         ("now", Sql.ToText(now)),
                         ("limit", limit)))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedDelivery(
                    reader.Int64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    new StreamId(reader.GetString(3), reader.GetString(4)),
                    reader.GetString(5),
                    (int)reader.Int64(6),
                    Sql.ToInstant(reader.GetString(7))));
            }
        }

        await scope.CommitAsync(cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <summary>Records tries and their outcome, all in one transaction.</summary>
    public async Task RecordAsync(IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await using var scope = await database.BeginWriteAsync(cancellationToken);
        foreach (var r in records)
        {
            var at = Sql.ToText(r.StartedAt + r.Duration);
            var detail = r.Detail is { Length: > MaxDetail } long_ ? long_[..MaxDetail] : r.Detail;
            await using var command = scope.Command(
                """
                INSERT INTO outbox_attempts (outbox_id, attempt, started_at, duration_ms, outcome, status, detail) VALUES (@id, @attempt, @started, @ms, @outcome, @status, @detail);
                UPDATE outbox SET state = @state, attempts = @attempt, claimed_until = NULL, last_attempt_at = @at, last_status = @status,
                    last_error = CASE WHEN @state = 'delivered' THEN NULL ELSE @detail END,
                    delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE NULL END,
                    next_attempt_at = COALESCE(@next, next_attempt_at)
                WHERE id = @id
                """,
                ("id", r.OutboxId),
                ("attempt", r.Attempt),
                ("started", Sql.ToText(r.StartedAt)),
                ("ms", (long)r.Duration.TotalMilliseconds),
                ("outcome", r.Outcome),
                ("status", r.Status),
                ("detail", detail),
                ("state", r.NewState),
                ("at", at),
                ("next", r.NextAttemptAt is { } next ? Sql.ToText(next) : null));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Gives claimed rows back untried (the dispatcher stopped, or an earlier message of their subject failed).</summary>
    public async Task ReleaseAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var command = scope.Command($"UPDATE outbox SET claimed_until = NULL WHERE id IN ({string.Join(", ", ids)}) AND state = 'pending'"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Lets every claim lapse at once: the node that takes the scheduler's lease calls it before its
    /// first claim, so rows a dead holder claimed are tried again at once, not when their claims run out.
    /// </summary>
    public async Task<int> ReleaseAllClaimsAsync(CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        int released;
        await using (var command = scope.Command("UPDATE outbox SET claimed_until = NULL WHERE state = 'pending' AND claimed_until IS NOT NULL"))
        {
            released = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return released;
    }

    /// <summary>A failed delivery goes back to pending, due now, with a fresh give-up clock; null when there is no failed row with that id.</summary>
    public async Task<DeliveryRow?> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        int changed;
        await using (var command = scope.Command(
                         "UPDATE outbox SET state = 'pending', since = @now, next_attempt_at = @now, claimed_until = NULL WHERE id = @id AND state = 'failed'",
                         ("id", id),
                         ("now", Sql.ToText(now))))
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return changed == 0 ? null : await GetAsync(id, cancellationToken);
    }

    public async Task<DeliveryRow?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM outbox WHERE id = @id", [("id", id)], cancellationToken)).FirstOrDefault();

    /// <summary>Deliveries matching the filter, newest first.</summary>
    public Task<IReadOnlyList<DeliveryRow>> ListAsync(DeliveryFilter filter, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (filter.Subject is { } subject)
        {
            where.Add("subject_type = @st AND subject_id = @sid");
            parameters.AddRange([("st", subject.Type), ("sid", subject.Id)]);
        }

        if (filter.Channel is { } channel)
        {
            where.Add("channel = @channel");
            parameters.Add(("channel", channel));
        }

        if (filter.State is { } state)
        {
            where.Add("state = @state");
            parameters.Add(("state", state));
        }

        if (filter.Before is { } before)
        {
            where.Add("id < @before");
            parameters.Add(("before", before));
        }

        var sql = $"SELECT {Columns} FROM outbox{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY id DESC LIMIT @limit";
        parameters.Add(("limit", filter.Limit));
        return QueryAsync(sql, parameters, cancellationToken);
    }

    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT attempt, started_at, duration_ms, outcome, status, detail FROM outbox_attempts WHERE outbox_id = @id ORDER BY id", null, ("id", id));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AttemptRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AttemptRow((int)reader.Int64(0), Sql.ToInstant(reader.GetString(1)), reader.Int64(2), reader.GetString(3), reader.IsDBNull(4) ? null : (int)reader.Int64(4), reader.NullableString(5)));
        }

        return rows;
    }

    /// <summary>When the dispatcher has work next: the earliest time a pending row is due or its claim lapses; null when none is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(string channel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) FROM outbox WHERE state = 'pending' AND channel = @channel",
            null,
            ("channel", channel));
        var value = await select.ExecuteScalarAsync(cancellationToken);
        return value is string text ? Sql.ToInstant(text) : null;
    }

    private async Task<IReadOnlyList<DeliveryRow>> QueryAsync(string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(sql, null, [.. parameters]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DeliveryRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DeliveryRow(
                reader.Int64(0),
                reader.GetString(1),
                new StreamId(reader.GetString(2), reader.GetString(3)),
                reader.GetString(4),
                reader.Int64(5),
                reader.Int64(6),
                reader.GetString(7),
                (int)reader.Int64(8),
                Sql.ToInstant(reader.GetString(9)),
                Sql.ToInstant(reader.GetString(10)),
                reader.NullableString(11) is { } last ? Sql.ToInstant(last) : null,
                reader.IsDBNull(12) ? null : (int)reader.Int64(12),
                reader.NullableString(13),
                reader.NullableString(14) is { } delivered ? Sql.ToInstant(delivered) : null,
                reader.GetString(15)));
        }

        return rows;
    }
}
