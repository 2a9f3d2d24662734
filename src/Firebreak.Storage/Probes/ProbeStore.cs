using System.Globalization;

namespace Firebreak.Storage.Probes;

/// <summary>One run of a probe, as kept.</summary>
public sealed record ProbeResult(string Probe, DateTimeOffset At, bool Passed, int? Status, int ElapsedMs, string Detail);

/// <summary>An hour of a probe's runs, rolled up.</summary>
public sealed record ProbeHour(string Probe, DateTimeOffset Hour, int Checks, int Failures, long TotalMs, int MaxMs);

/// <summary>The probes' results: the recent runs (the last <see cref="KeptRuns"/> per probe) and the hourly roll-up.</summary>
public sealed class ProbeStore(Database database)
{
    public const int KeptRuns = 500;

    /// <summary>Keeps one run and adds it to its hour, in one transaction; the oldest runs beyond the kept ones go.</summary>
    public async Task RecordAsync(ProbeResult result, CancellationToken cancellationToken)
    {
        await using var scope = await database.BeginWriteAsync(cancellationToken);
        var hour = new DateTimeOffset(result.At.UtcDateTime.Year, result.At.UtcDateTime.Month, result.At.UtcDateTime.Day, result.At.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        await using (var insert = scope.Command(
                         "INSERT INTO probe_results (probe, at, passed, status, elapsed_ms, detail) VALUES (@probe, @at, @passed, @status, @ms, @detail); " +
                         "INSERT INTO probe_hours (probe, hour, checks, failures, total_ms, max_ms) VALUES (@probe, @hour, 1, @failed, @ms, @ms) " +
                         "ON CONFLICT (probe, hour) DO UPDATE SET checks = probe_hours.checks + 1, failures = probe_hours.failures + excluded.failures, " +
                         "total_ms = probe_hours.total_ms + excluded.total_ms, max_ms = CASE WHEN excluded.max_ms > probe_hours.max_ms THEN excluded.max_ms ELSE probe_hours.max_ms END; " +
                         "DELETE FROM probe_results WHERE probe = @probe AND at < (SELECT at FROM probe_results WHERE probe = @probe ORDER BY at DESC LIMIT 1 OFFSET @kept)",
                         ("probe", result.Probe), ("at", Sql.ToText(result.At)), ("passed", result.Passed ? 1 : 0), ("status", result.Status), ("ms", result.ElapsedMs),
                         ("detail", result.Detail), ("hour", Sql.ToText(hour)), ("failed", result.Passed ? 0 : 1), ("kept", KeptRuns - 1)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
    }

    /// <summary>A probe's last runs, newest first.</summary>
    public async Task<IReadOnlyList<ProbeResult>> RecentAsync(string probe, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT at, passed, status, elapsed_ms, detail FROM probe_results WHERE probe = @probe ORDER BY at DESC LIMIT @limit", null, ("probe", probe), ("limit", limit));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var results = new List<ProbeResult>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new ProbeResult(probe, Sql.ToInstant(reader.GetString(0)), reader.Int64(1) == 1, reader.IsDBNull(2) ? null : (int)reader.Int64(2), (int)reader.Int64(3), reader.GetString(4)));
        }

        return results;
    }

    /// <summary>A probe's hours since <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ProbeHour>> HoursAsync(string probe, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT hour, checks, failures, total_ms, max_ms FROM probe_hours WHERE probe = @probe AND hour >= @since ORDER BY hour", null, ("probe", probe), ("since", Sql.ToText(since)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var hours = new List<ProbeHour>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hours.Add(new ProbeHour(probe, Sql.ToInstant(reader.GetString(0)), (int)reader.Int64(1), (int)reader.Int64(2), reader.Int64(3), (int)reader.Int64(4)));
        }

        return hours;
    }
}
