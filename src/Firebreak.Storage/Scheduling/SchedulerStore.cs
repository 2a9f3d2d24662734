using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Scheduling;

/// <summary>
/// The durable scheduler's tables: due rows and the lease that lets exactly one node run them.
/// Rows are keyed by subject (stream type and id) and purpose, so any slice can plan deadlines.
/// Nothing about a deadline is held only in memory.
/// </summary>
public sealed class SchedulerStore(Database database)
{
    /// <summary>Takes or renews the named lease; false while another live holder has it.</summary>
    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        string? current = null;
        DateTimeOffset expires = default;
        await using (var select = scope.Command($"SELECT holder, expires_at FROM leases WHERE name = @name{database.ForUpdate}", ("name", name)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                current = reader.GetString(0);
                expires = Sql.ToInstant(reader.GetString(1));
            }
        }

        if (current is not null && current != holder && expires > now)
        {
            return false;
        }

        var sql = current is null
            ? "INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires) ON CONFLICT (name) DO NOTHING"
            : "UPDATE leases SET holder = @holder, expires_at = @expires WHERE name = @name";
        int changed;
        await using (var write = scope.Command(sql, ("name", name), ("holder", holder), ("expires", Sql.ToText(now + ttl))))
        {
            changed = await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return changed > 0;
    }

    public async Task<IReadOnlyList<ScheduledJob>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT subject_type, subject_id, purpose, due_at, attempts FROM scheduled_deadlines WHERE due_at <= @now ORDER BY due_at LIMIT @limit",
            null,
            ("now", Sql.ToText(now)),
            ("limit", limit));
        var jobs = new List<ScheduledJob>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new ScheduledJob(new StreamId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), Sql.ToInstant(reader.GetString(3)), (int)reader.Int64(4)));
        }

        return jobs;
    }

    /// <summary>All pending rows (for operators and tests).</summary>
    public Task<IReadOnlyList<ScheduledJob>> AllAsync(CancellationToken cancellationToken) =>
        DueAsync(DateTimeOffset.MaxValue.AddDays(-1), int.MaxValue, cancellationToken);

    /// <summary>
    /// After running a job: move it to its next time, or remove it — unless an append re-planned the
    /// row meanwhile (its due time changed), in which case that newer plan stands.
    /// </summary>
    public async Task CompleteAsync(ScheduledJob job, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var command = next is { } due
                         ? scope.Command($"UPDATE scheduled_deadlines SET due_at = @next, attempts = 0, last_error = NULL WHERE {Match} AND due_at = @picked", [("next", Sql.ToText(due)), .. Keys(job.Subject, job.Purpose), ("picked", Sql.ToText(job.DueAt))])
                         : scope.Command($"DELETE FROM scheduled_deadlines WHERE {Match} AND due_at = @picked", [.. Keys(job.Subject, job.Purpose), ("picked", Sql.ToText(job.DueAt))]))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Records a failed run and retries it later with backoff.</summary>
    public async Task FailAsync(ScheduledJob job, string error, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        await using (var command = scope.Command(
                         $"UPDATE scheduled_deadlines SET due_at = @retry, attempts = attempts + 1, last_error = @error WHERE {Match} AND due_at = @picked",
                         [("retry", Sql.ToText(retryAt)), ("error", error.Length > 2000 ? error[..2000] : error), .. Keys(job.Subject, job.Purpose), ("picked", Sql.ToText(job.DueAt))]))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>Writes planned rows inside an existing write transaction, all in one command (one round trip).</summary>
    public static async Task ApplyAsync(WriteScope scope, IEnumerable<PlannedJob> jobs, CancellationToken cancellationToken)
    {
        var sql = new System.Text.StringBuilder();
        var parameters = new List<(string Name, object? Value)>();
        var n = 0;
        foreach (var job in jobs)
        {
            var p = n++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var match = $"subject_type = @type{p} AND subject_id = @id{p} AND purpose = @purpose{p}";
            parameters.AddRange([($"type{p}", job.Subject.Type), ($"id{p}", job.Subject.Id), ($"purpose{p}", job.Purpose)]);
            if (job.DueAt is { } due)
            {
                sql.Append($"INSERT INTO scheduled_deadlines (subject_type, subject_id, purpose, due_at, attempts) VALUES (@type{p}, @id{p}, @purpose{p}, @due{p}, 0) ")
                    .Append(job.KeepExisting
                        ? "ON CONFLICT (subject_type, subject_id, purpose) DO NOTHING; "
                        : "ON CONFLICT (subject_type, subject_id, purpose) DO UPDATE SET due_at = excluded.due_at, attempts = 0, last_error = NULL; ");
                parameters.Add(($"due{p}", Sql.ToText(due)));
            }
            else
            {
                sql.Append($"DELETE FROM scheduled_deadlines WHERE {match}; ");
            }
        }

        if (n == 0)
        {
            return;
        }

        await using var command = scope.Command(sql.ToString(), [.. parameters]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Match = "subject_type = @type AND subject_id = @id AND purpose = @purpose";

    private static (string Name, object? Value)[] Keys(StreamId subject, string purpose) =>
        [("type", subject.Type), ("id", subject.Id), ("purpose", purpose)];
}
