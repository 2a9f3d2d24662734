using System.Collections.Concurrent;
using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

public sealed partial class StreamStore
{
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private int _draining;
    private long _batches;
    private long _lastCommitted;

    /// <summary>The highest position this node has committed (its own writes; other nodes' are not counted).</summary>
    public long LastCommitted => Interlocked.Read(ref _lastCommitted);

    /// <summary>How many transactions the writes have shared so far (for tests and metrics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, together with the writes queued beside it.
    /// An error result, a version conflict or an exception rolls back this write alone (its savepoint);
    /// the result is returned once the shared transaction has committed durably.
    /// </summary>
    public async Task<Result<T>> WriteAsync<T>(Func<StreamTransaction, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(work, cancellationToken);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // Nobody is writing: this caller writes the first batch itself (no hop to another thread),
            // then hands whatever queued meanwhile to a drainer of its own, so that it is not kept waiting.
            await DrainAsync(handOff: true);
        }

        return await pending.Completion.Task;
    }

    /// <summary>One drainer at a time takes what is queued and writes it as one transaction, until the queue is empty.</summary>
    private async Task DrainAsync(bool handOff)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                if (next.Cancellation.IsCancellationRequested)
                {
                    next.Cancel();
                }
                else
                {
                    batch.Add(next);
                }
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                // A write queued between the last dequeue and the flag going down would wait forever: take it.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            await RunBatchAsync(batch);
            if (handOff)
            {
                // The drainer's flag stays up: the new drainer owns it now.
                _ = Task.Run(() => DrainAsync(handOff: false), CancellationToken.None);
                return;
            }
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch)
    {
        var appended = 0;
        long last = 0;
        Interlocked.Increment(ref _batches);
        try
        {
            await using var scope = await Database.BeginWriteAsync(CancellationToken.None);
            if (Database.Engine == Engine.Postgres)
            {
                await using var lockCommand = scope.Command($"SELECT pg_advisory_xact_lock({PositionLock})");
                await lockCommand.ExecuteNonQueryAsync(CancellationToken.None);
            }

            var shared = batch.Count > 1;
            var postgres = Database.Engine == Engine.Postgres;
            for (var i = 0; i < batch.Count; i++)
            {
                if (shared && postgres)
                {
                    // Sent with the write's first command: one round trip fewer per write.
                    scope.Prefix = $"SAVEPOINT w{i}; ";
                }
                else if (shared)
                {
                    await ExecuteAsync(scope, $"SAVEPOINT w{i}");
                }

                var writer = new StreamTransaction(this, scope, batch[i].Origin);
                var kept = await batch[i].RunAsync(writer);
                // A write that sent no command at all took no savepoint, and has nothing to undo.
                var untouched = shared && postgres && scope.TakePrefix() is not null;
                if (kept)
                {
                    appended += writer.Appended;
                    last = Math.Max(last, writer.LastPosition);
                }
                else if (shared)
                {
                    if (!untouched)
                    {
                        await ExecuteAsync(scope, $"ROLLBACK TO SAVEPOINT w{i}");
                    }
                }
                else
                {
                    // Alone in the batch: nothing to commit; disposing the scope rolls back.
                    batch[i].Finish(committed: false);
                    return;
                }
            }

            if (appended > 0 && Database.Engine == Engine.Postgres)
            {
                // The payload is the batch's last position: a node that knows it already need not read again.
                await ExecuteAsync(scope, $"SELECT pg_notify('{NotifyChannel}', '{last.ToString(System.Globalization.CultureInfo.InvariantCulture)}')");
            }

            await scope.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Abort(e);
            }

            return;
        }

        foreach (var pending in batch)
        {
            pending.Finish(committed: true);
        }

        if (appended > 0)
        {
            var known = Interlocked.Read(ref _lastCommitted);
            while (last > known && Interlocked.CompareExchange(ref _lastCommitted, last, known) != known)
            {
                known = Interlocked.Read(ref _lastCommitted);
            }

            Committed?.Invoke();
        }
    }

    private static async Task ExecuteAsync(WriteScope scope, string sql)
    {
        await using var command = scope.Command(sql);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private abstract class PendingWrite(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>Where the write came from, taken when it was queued (the drainer runs it elsewhere).</summary>
        public string? Origin { get; } = WriteOrigin.Current;

        /// <summary>Runs the write; false when it must be rolled back (an error result or an exception).</summary>
        public abstract Task<bool> RunAsync(StreamTransaction writer);

        /// <summary>Delivers the outcome once the batch's fate is known.</summary>
        public abstract void Finish(bool committed);

        /// <summary>The batch failed as a whole (the commit, or the database went away).</summary>
        public abstract void Abort(Exception error);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<StreamTransaction, CancellationToken, Task<Result<T>>> work, CancellationToken cancellation) : PendingWrite(cancellation)
    {
        private Result<T> _result;
        private Exception? _error;

        public TaskCompletionSource<Result<T>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<bool> RunAsync(StreamTransaction writer)
        {
            try
            {
                _result = await work(writer, Cancellation);
                return _result.IsSuccess;
            }
            catch (StreamConflictException conflict)
            {
                _result = new Conflict(conflict.Message);
                return false;
            }
            catch (Exception e)
            {
                _error = e;
                return false;
            }
        }

        public override void Finish(bool committed)
        {
            if (_error is not null)
            {
                Completion.TrySetException(_error);
            }
            else
            {
                // A failed write rolled back to its savepoint: its error stands whatever the others did.
                Completion.TrySetResult(_result);
            }
        }

        public override void Abort(Exception error)
        {
            if (_error is null && !_result.IsSuccess && _result.Error is not null)
            {
                Completion.TrySetResult(_result);
                return;
            }

            Completion.TrySetException(_error ?? error);
        }

        public override void Cancel() => Completion.TrySetCanceled(Cancellation);
    }
}
