using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Server.Scheduling;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Notifications;

/// <summary>
/// Sends what the outbox holds, on the node that holds the scheduler's lease. Each channel has its
/// own worker, so a slow or dead receiver delays nobody else; within a channel up to
/// <see cref="NotificationsConfig.Concurrency"/> incidents are sent at once, each incident's messages
/// one after another in the order their events happened. A worker wakes when the change feed reports
/// a commit (an event that may have queued messages, on any node) and when its next retry is due.
/// Tests drive it with <see cref="RunOnceAsync"/> and a fake clock.
/// </summary>
public sealed partial class Dispatcher(
    OutboxStore outbox,
    ChannelSet channels,
    NotificationsConfig config,
    SchedulerRunner scheduler,
    ChangeFeed feed,
    TimeProvider clock,
    IConfiguration configuration,
    Hosting.DatabaseReadiness readiness,
    ILogger<Dispatcher> logger) : BackgroundService
{
    /// <summary>
    /// How many rows one claim takes: sixteen per slot of the channel, so the claim's and the record's
    /// transactions are shared by many sends (docs/benchmarks.md measures the drain). A crash loses at
    /// most one claim's tries that were sent but not yet recorded: those are sent again, with the same key.
    /// </summary>
    private int BatchSize => Math.Max(16, config.Concurrency * 16);

    /// <summary>How long a claim holds; a holder that died is replaced at the next lease's first claim, so this only bounds a stuck try.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NoLease = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Channel<bool>> _wake = channels.All.ToDictionary(
        c => c.Options.Name,
        _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }),
        StringComparer.Ordinal);

    private bool _claimsReleased;

    /// <summary>Tries every message due at <paramref name="now"/> on every channel, until none is due; returns how many tries were made.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await ReadyAsync(now, cancellationToken))
        {
            return 0;
        }

        var tries = await Task.WhenAll(channels.All.Select(c => DrainAsync(c, now, cancellationToken)));
        return tries.Sum();
    }

    /// <summary>Sends one message straight to a channel, outside the outbox (a channel test), and says what the receiver answered.</summary>
    public async Task<(SendResult Result, TimeSpan Took)> SendNowAsync(IChannel channel, Notification message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var key = $"test.{now.ToUnixTimeMilliseconds()}.{channel.Options.Name}";
        var result = await TryAsync(channel, new Delivery(key, message, channels.BaseUrl, 1, now), cancellationToken);
        return (result, Stopwatch.GetElapsedTime(started));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("scheduler:enabled", true) || channels.All.Count == 0
            || !await readiness.WaitUntilReadyAsync(stoppingToken))
        {
            return;
        }

        // Only a commit with an event that can call for a message can have queued one.
        using var subscription = feed.Subscribe(events =>
        {
            if (events.Any(e => Core.Notifications.Notifications.MayNotify(e.Event) || e.Event is Core.StatusPage.IStatusPageEvent or Core.Postmortems.PostmortemReminded or Core.ActionItems.ActionItemReminded or Core.ActionItems.ActionItemPushRequested))
            {
                WakeAll();
            }
        });
        await Task.WhenAll(channels.All.Select(c => Task.Run(() => WorkAsync(c, stoppingToken), CancellationToken.None)));
    }

    /// <summary>Wakes every channel's worker (after a commit that may have queued messages, or a manual retry).</summary>
    public void WakeAll()
    {
        foreach (var wake in _wake.Values)
        {
            wake.Writer.TryWrite(true);
        }
    }

    private async Task WorkAsync(IChannel channel, CancellationToken stoppingToken)
    {
        var wake = _wake[channel.Options.Name];
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Idle;
            try
            {
                if (await ReadyAsync(clock.GetUtcNow(), stoppingToken))
                {
                    await DrainAsync(channel, null, stoppingToken);
                    if (await outbox.NextDueAsync(channel.Options.Name, stoppingToken) is { } next)
                    {
                        var until = next - clock.GetUtcNow();
                        wait = until < TimeSpan.Zero ? TimeSpan.Zero : until < Idle ? until : Idle;
                    }
                }
                else
                {
                    wait = NoLease;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWorkerFailed(channel.Options.Name, e.Message);
                wait = NoLease;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timer.CancelAfter(wait);
            try
            {
                await wake.Reader.ReadAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the next retry is due, or it is time to look again
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Under the lease only; the first time this node holds it, claims left by a holder that died lapse at once.
    private async Task<bool> ReadyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await scheduler.HoldLeaseAsync(now, cancellationToken))
        {
            _claimsReleased = false;
            return false;
        }

        if (!_claimsReleased)
        {
            await outbox.ReleaseAllClaimsAsync(cancellationToken);
            _claimsReleased = true;
        }

        return true;
    }

    // Claims due rows of one channel and tries them until none is due. Incidents go in parallel; an
    // incident's rows go in order, and after one that is not delivered the rest of them wait for it.
    private async Task<int> DrainAsync(IChannel channel, DateTimeOffset? fixedNow, CancellationToken cancellationToken)
    {
        var name = channel.Options.Name;
        var tries = 0;
        while (true)
        {
            var now = fixedNow ?? clock.GetUtcNow();
            var claimed = await outbox.ClaimAsync(name, now, now + ClaimFor, BatchSize, cancellationToken);
            if (claimed.Count == 0)
            {
                return tries;
            }

            var records = new ConcurrentQueue<AttemptRecord>();
            var untried = new ConcurrentQueue<long>();
            var bySubject = claimed.GroupBy(c => c.Subject).Select(g => g.ToList()).ToList();
            try
            {
                await Parallel.ForEachAsync(
                    bySubject,
                    new ParallelOptions { MaxDegreeOfParallelism = config.Concurrency, CancellationToken = cancellationToken },
                    async (rows, token) =>
                    {
                        for (var i = 0; i < rows.Count; i++)
                        {
                            var record = await AttemptAsync(channel, rows[i], fixedNow, token);
                            records.Enqueue(record);
                            if (record.NewState != OutboxStore.Delivered)
                            {
                                foreach (var rest in rows.Skip(i + 1))
                                {
                                    untried.Enqueue(rest.Id);
                                }

                                return;
                            }
                        }
                    });
            }
            finally
            {
                // What was tried is recorded even when the server is stopping; the rest lapses and is tried again.
                await outbox.RecordAsync([.. records], CancellationToken.None);
                await outbox.ReleaseAsync([.. untried], CancellationToken.None);
            }

            tries += records.Count;
        }
    }

    private async Task<AttemptRecord> AttemptAsync(IChannel channel, ClaimedDelivery row, DateTimeOffset? fixedNow, CancellationToken cancellationToken)
    {
        var attempt = row.Attempts + 1;
        var started = fixedNow ?? clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        SendResult result;
        try
        {
            var message = JsonSerializer.Deserialize(row.Message, NotificationsJson.Default.Notification)
                ?? throw new JsonException("the stored message is empty");
            result = await TryAsync(channel, new Delivery(row.IdempotencyKey, message, channels.BaseUrl, attempt, started), cancellationToken);
        }
        catch (JsonException e)
        {
            result = SendResult.Refused($"the stored message cannot be read: {e.Message}");
        }

        var took = watch.Elapsed;
        var ended = fixedNow ?? clock.GetUtcNow();
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                return new AttemptRecord(row.Id, attempt, started, took, "delivered", result.Status, result.Detail, OutboxStore.Delivered, null);
            case SendOutcome.Refused:
                return new AttemptRecord(row.Id, attempt, started, took, "refused", result.Status, result.Detail, OutboxStore.Failed, null);
            default:
                var next = config.Retry.Next(attempt, row.Since, ended, result.RetryAfter, Random.Shared.NextDouble());
                return next is null
                    ? new AttemptRecord(row.Id, attempt, started, took, "gave-up", result.Status, $"{result.Detail} (gave up: older than {Display(config.Retry.GiveUpAfter)})", OutboxStore.Failed, null)
                    : new AttemptRecord(row.Id, attempt, started, took, "retry", result.Status, result.Detail, OutboxStore.Pending, next);
        }
    }

    // A channel's own faults are results; anything it throws is a fault of this try, to be retried.
    private async Task<SendResult> TryAsync(IChannel channel, Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.SendAsync(delivery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTryFailed(channel.Options.Name, e.GetType().Name, e.Message);
            return SendResult.Retry($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static string Display(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery worker for the channel {Channel} failed and will retry: {Error}")]
    private partial void LogWorkerFailed(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A try on the channel {Channel} threw {Type}: {Error}")]
    private partial void LogTryFailed(string channel, string type, string error);
}
