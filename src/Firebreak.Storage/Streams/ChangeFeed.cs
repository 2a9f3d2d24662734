using System.Threading.Channels;
using Npgsql;

namespace Firebreak.Storage.Streams;

/// <summary>
/// Committed events, in position order, for whoever subscribes: one reader follows the store from
/// its head and hands each batch to every subscriber, so the database reads do not grow with the
/// number of subscribers. It wakes on this node's commits and, on PostgreSQL, on LISTEN/NOTIFY
/// from any node sharing the database. A subscriber too slow to keep up is told it fell behind and
/// catches up from the store by position; no event is skipped.
/// </summary>
public sealed partial class ChangeFeed : IAsyncDisposable
{
    private const int ReadLimit = 500;
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly StreamStore _store;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;
    private Task? _pump;
    private Task? _listener;
    private long _position;

    public ChangeFeed(StreamStore store)
    {
        _store = store;
        _store.Committed += Wake;
    }

    /// <summary>The position of the last event handed to subscribers.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Starts following the store from its current head (events before it are history, not news).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_pump is not null)
        {
            return;
        }

        _position = await _store.HeadAsync(cancellationToken);
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
        if (_store.Database is PostgresDatabase)
        {
            _listener = Task.Run(() => ListenAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Receives every event committed after the subscription, in position order. The handler runs on
    /// the feed's reader and must be quick: queue the work, do not do it there.
    /// </summary>
    public IDisposable Subscribe(Action<IReadOnlyList<StoredEvent>> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>
    /// A buffered subscription that starts at the feed's current position and catches up from the
    /// store whenever its consumer falls more than <paramref name="capacity"/> batches behind.
    /// </summary>
    public FeedReader Open(int capacity = 256) => new(this, _store, capacity, Position);

    /// <summary>Asks the reader to look for new events (after a local commit, or a notification).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.Reader.ReadAsync(stop);
                while (true)
                {
                    var events = await _store.ReadAllAsync(_position, ReadLimit, stop);
                    if (events.Count == 0)
                    {
                        break;
                    }

                    foreach (var subscriber in _subscribers.Items)
                    {
                        subscriber.Deliver(events);
                    }

                    Interlocked.Exchange(ref _position, events[^1].Position);
                    if (events.Count < ReadLimit)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // The database is away: try again shortly; the position has not moved, so nothing is lost.
                await DelayAsync(Reconnect, stop);
                Wake();
            }
        }
    }

    /// <summary>PostgreSQL: one connection per node LISTENs; any node's commit wakes the reader.</summary>
    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await _store.Database.OpenAsync(stop);
                // This node's own commits wake the reader already; only news from other nodes needs a wake here.
                connection.Notification += (_, e) =>
                {
                    if (!long.TryParse(e.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position) || position > _store.LastCommitted)
                    {
                        Wake();
                    }
                };
                await using (var listen = connection.Command($"LISTEN {StreamStore.NotifyChannel}", null))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }

                // Whatever committed while no one listened is read now.
                Wake();
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                await DelayAsync(Reconnect, stop);
            }
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.Committed -= Wake;
        await _stop.CancelAsync();
        foreach (var task in new[] { _pump, _listener })
        {
            if (task is not null)
            {
                try
                {
                    await task;
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }
        }

        _stop.Dispose();
    }

    private sealed class Subscription(ChangeFeed feed, Action<IReadOnlyList<StoredEvent>> handler) : IDisposable
    {
        public void Deliver(IReadOnlyList<StoredEvent> events)
        {
            try
            {
                handler(events);
            }
            catch (Exception)
            {
                // One subscriber's bug must not stop the feed for the others.
            }
        }

        public void Dispose() => feed.Remove(this);
    }

    /// <summary>A copy-on-write list, so the reader iterates without taking the lock.</summary>
    private sealed class ImmutableSubscribers(Subscription[] items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public Subscription[] Items { get; } = items;

        public ImmutableSubscribers Add(Subscription s) => new([.. Items, s]);

        public ImmutableSubscribers Remove(Subscription s) => new([.. Items.Where(i => !ReferenceEquals(i, s))]);
    }
}
