using Firebreak.Storage.Notifications;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Notifications;

/// <summary>
/// The outbox on each engine: a key is queued once, claims keep each subject's order per channel,
/// a claim that is never recorded lapses (or is released all at once by the next lease holder),
/// tries are recorded, and only a failed delivery can be retried.
/// </summary>
public abstract class OutboxStoreContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private OutboxStore Outbox => new(Database);

    private async Task EnqueueAsync(params (string Key, string Channel, string Subject)[] rows)
    {
        await using var scope = await Database.BeginWriteAsync(default);
        await OutboxStore.EnqueueAsync(
            scope,
            [.. rows.Select((r, i) => new OutboxMessage(r.Key, r.Channel, new StreamId("incident", r.Subject), "declared", i + 1, i + 1, "{}", T0))],
            default);
        await scope.CommitAsync(default);
    }

    private static AttemptRecord Outcome(ClaimedDelivery row, string state, DateTimeOffset? next = null, int? status = 200, string? detail = "ok") =>
        new(row.Id, row.Attempts + 1, T0, TimeSpan.FromMilliseconds(12), state == OutboxStore.Delivered ? "delivered" : state == OutboxStore.Failed ? "refused" : "retry", status, detail, state, next);

    [SkippableFact]
    public async Task AKey_IsQueuedOnce()
    {
        RequireEngine();
        await EnqueueAsync(("k1", "ops", "1"), ("k2", "ops", "1"));
        await EnqueueAsync(("k1", "ops", "1"));

        Assert.Equal(["k1", "k2"], (await Outbox.ClaimAsync("ops", T0, T0.AddMinutes(1), 10, default)).Select(c => c.IdempotencyKey));
    }

    [SkippableFact]
    public async Task Claims_KeepEachSubjectsOrder_AndOtherSubjectsAndChannelsGoOn()
    {
        RequireEngine();
        await EnqueueAsync(("a1", "ops", "1"), ("b1", "ops", "2"), ("a2", "ops", "1"), ("x1", "mail", "1"));

        var first = await Outbox.ClaimAsync("ops", T0, T0.AddMinutes(1), 10, default);
        Assert.Equal(["a1", "b1", "a2"], first.Select(c => c.IdempotencyKey));
        Assert.Empty(await Outbox.ClaimAsync("ops", T0, T0.AddMinutes(1), 10, default));
        Assert.Equal(["x1"], (await Outbox.ClaimAsync("mail", T0, T0.AddMinutes(1), 10, default)).Select(c => c.IdempotencyKey));

        // a1 waits for a retry: a2 (same subject) waits behind it, b1's subject is free.
        await Outbox.RecordAsync([Outcome(first[0], OutboxStore.Pending, T0.AddSeconds(30), 503, "down"), Outcome(first[1], OutboxStore.Delivered)], default);
        await Outbox.ReleaseAsync([first[2].Id], default);
        Assert.Empty(await Outbox.ClaimAsync("ops", T0.AddSeconds(1), T0.AddMinutes(1), 10, default));
        Assert.Equal(["a1", "a2"], (await Outbox.ClaimAsync("ops", T0.AddSeconds(30), T0.AddMinutes(1), 10, default)).Select(c => c.IdempotencyKey));
    }

    [SkippableFact]
    public async Task AClaimNeverRecorded_Lapses_OrIsReleasedByTheNextHolder()
    {
        RequireEngine();
        await EnqueueAsync(("k1", "ops", "1"));
        Assert.Single(await Outbox.ClaimAsync("ops", T0, T0.AddMinutes(10), 10, default));
        Assert.Empty(await Outbox.ClaimAsync("ops", T0.AddMinutes(1), T0.AddMinutes(11), 10, default));
        Assert.Equal(T0.AddMinutes(10), await Outbox.NextDueAsync("ops", default));
        Assert.Single(await Outbox.ClaimAsync("ops", T0.AddMinutes(10), T0.AddMinutes(20), 10, default));

        Assert.Equal(1, await Outbox.ReleaseAllClaimsAsync(default));
        Assert.Single(await Outbox.ClaimAsync("ops", T0.AddMinutes(11), T0.AddMinutes(21), 10, default));
    }

    [SkippableFact]
    public async Task Tries_AreRecorded_AndOnlyAFailedDeliveryIsRetried()
    {
        RequireEngine();
        await EnqueueAsync(("k1", "ops", "1"));
        var row = Assert.Single(await Outbox.ClaimAsync("ops", T0, T0.AddMinutes(1), 10, default));
        Assert.Null(await Outbox.RetryAsync(row.Id, T0, default));
        await Outbox.RecordAsync([Outcome(row, OutboxStore.Failed, status: 404, detail: "no_service")], default);

        var failed = (await Outbox.ListAsync(new DeliveryFilter(State: OutboxStore.Failed), default)).Single();
        Assert.Equal((1, 404, "no_service", 1L), (failed.Attempts, failed.LastStatus, failed.LastError, failed.EventVersion));
        var tries = await Outbox.AttemptsAsync(row.Id, default);
        Assert.Equal(("refused", 12L, 404), (tries.Single().Outcome, tries[0].DurationMs, tries[0].Status));

        var retried = await Outbox.RetryAsync(row.Id, T0.AddHours(1), default);
        Assert.Equal((OutboxStore.Pending, T0.AddHours(1)), (retried!.State, retried.NextAttemptAt));
        var again = Assert.Single(await Outbox.ClaimAsync("ops", T0.AddHours(1), T0.AddHours(2), 10, default));
        Assert.Equal((1, T0.AddHours(1)), (again.Attempts, again.Since));
        await Outbox.RecordAsync([Outcome(again, OutboxStore.Delivered)], default);
        var delivered = await Outbox.GetAsync(row.Id, default);
        Assert.Equal((OutboxStore.Delivered, 2, (string?)null), (delivered!.State, delivered.Attempts, delivered.LastError));
        Assert.Equal(2, (await Outbox.AttemptsAsync(row.Id, default)).Count);
        Assert.Null(await Outbox.NextDueAsync("ops", default));
    }
}

public sealed class SqliteOutboxStoreTests : OutboxStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresOutboxStoreTests : OutboxStoreContract
{
    protected override Engine Engine => Engine.Postgres;
}
