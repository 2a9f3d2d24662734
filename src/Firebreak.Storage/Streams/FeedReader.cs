using System.Threading.Channels;

namespace Firebreak.Storage.Streams;

/// <summary>
/// A buffered subscription to the <see cref="ChangeFeed"/> with its own position. When its buffer
/// overflows (a slow consumer) it drops what was buffered and reads on from the store by position,
/// so the consumer sees every event exactly once, in order, however far it fell behind.
/// </summary>
public sealed class FeedReader : IDisposable
{
    private const int CatchUpPage = 500;

    private readonly StreamStore _store;
    private readonly Channel<IReadOnlyList<StoredEvent>> _buffer;
    private readonly IDisposable _subscription;
    private long _last;
    private int _behind;

    internal FeedReader(ChangeFeed feed, StreamStore store, int capacity, long from)
    {
        _store = store;
        _buffer = Channel.CreateBounded<IReadOnlyList<StoredEvent>>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _last = from;
        // The feed may be handing out a batch read before this subscription existed: start from the store.
        _behind = 1;
        _subscription = feed.Subscribe(Offer);
    }

    /// <summary>The position of the last event returned.</summary>
    public long Position => Interlocked.Read(ref _last);

    /// <summary>How many times the reader caught up from the store (for tests and metrics).</summary>
    public int CatchUps { get; private set; }

    /// <summary>The next events after <see cref="Position"/>, waiting until there are some.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Interlocked.Exchange(ref _behind, 0) == 1)
            {
                // Empty the buffer first: what the feed offers after this is newer than what the store returns now.
                while (_buffer.Reader.TryRead(out _))
                {
                }

                CatchUps++;
                var missed = await _store.ReadAllAsync(_last, CatchUpPage, cancellationToken);
                if (missed.Count == CatchUpPage)
                {
                    Interlocked.Exchange(ref _behind, 1);
                }

                if (missed.Count > 0)
                {
                    Interlocked.Exchange(ref _last, missed[^1].Position);
                    return missed;
                }

                continue;
            }

            var batch = await _buffer.Reader.ReadAsync(cancellationToken);
            if (Volatile.Read(ref _behind) == 1)
            {
                continue;
            }

            var fresh = batch.Where(e => e.Position > _last).ToList();
            if (fresh.Count > 0)
            {
                Interlocked.Exchange(ref _last, fresh[^1].Position);
                return fresh;
            }
        }
    }

    private void Offer(IReadOnlyList<StoredEvent> events)
    {
        if (!_buffer.Writer.TryWrite(events))
        {
            Interlocked.Exchange(ref _behind, 1);
            // Wake a reader waiting on an empty buffer is not needed: a full buffer has items to read.
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _buffer.Writer.TryComplete();
    }
}
