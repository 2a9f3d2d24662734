using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Firebreak.Core.Incidents;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Fans the change feed out to the open incident rooms: one reader of the feed per node and each
/// entry serialised once for all its watchers, with no read of its own — the database work does not
/// grow with the number of open rooms. A watcher that falls behind is marked and catches up from the
/// store by version.
/// </summary>
public sealed partial class LiveTimelineHub(ChangeFeed feed, IIncidentStore store, IncidentService incidents, ILogger<LiveTimelineHub> logger) : IAsyncDisposable
{
    /// <summary>Live timelines one account may hold open at once (tabs, windows, devices).</summary>
    public const int MaxStreamsPerAccount = 20;

    private readonly ConcurrentDictionary<long, ConcurrentDictionary<LiveWatcher, byte>> _rooms = new();
    private readonly ConcurrentDictionary<long, int> _streamsByAccount = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;

    /// <summary>Watchers currently open (for tests and metrics).</summary>
    public int Watching => _rooms.Values.Sum(r => r.Count);

    /// <summary>
    /// Counts a stream against its account's <see cref="MaxStreamsPerAccount"/>; null when the
    /// account holds that many already. Disposing the lease gives the place back.
    /// </summary>
    public IDisposable? Admit(long userId)
    {
        var admitted = false;
        _streamsByAccount.AddOrUpdate(userId, _ => { admitted = true; return 1; }, (_, n) =>
        {
            admitted = n < MaxStreamsPerAccount;
            return admitted ? n + 1 : n;
        });
        return admitted ? new StreamLease(this, userId) : null;
    }

    private sealed class StreamLease(LiveTimelineHub hub, long userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub._streamsByAccount.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
            }
        }
    }

    public LiveWatcher Watch(long incidentId)
    {
        EnsureStarted();
        var watcher = new LiveWatcher(this, incidentId);
        _rooms.GetOrAdd(incidentId, _ => new ConcurrentDictionary<LiveWatcher, byte>())[watcher] = 0;
        return watcher;
    }

    /// <summary>An entry as the room's script reads it: the SSE frame with its version as the event id.</summary>
    public static string Frame(TimelineItemDto item) =>
        $"id: {item.Version.ToString(CultureInfo.InvariantCulture)}\nevent: entry\ndata: {JsonSerializer.Serialize(item, ApiJson.Default.TimelineItemDto)}\n\n";

    /// <summary>
    /// Which of just-committed events are pinned: an entry is pinned only by a later event, so among
    /// new events only a pin in the same batch can have pinned one.
    /// </summary>
    private static HashSet<long> PinnedWithin(IEnumerable<StoredEvent> events)
    {
        var pinned = new HashSet<long>();
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case EntryPinned pin:
                    pinned.Add(pin.Entry);
                    break;
                case EntryUnpinned unpin:
                    pinned.Remove(unpin.Entry);
                    break;
            }
        }

        return pinned;
    }

    internal void Remove(LiveWatcher watcher)
    {
        if (_rooms.TryGetValue(watcher.IncidentId, out var room))
        {
            room.TryRemove(watcher, out _);
        }
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_loop is null)
            {
                // The reader is opened before the first watcher reads its catch-up, so nothing that
                // commits in between is missed by both.
                var reader = feed.Open();
                _loop = Task.Run(() => RunAsync(reader, _stop.Token), CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(FeedReader reader, CancellationToken stop)
    {
        using var _ = reader;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var events = await reader.ReadAsync(stop);
                foreach (var group in events.Where(e => e.Stream.Type == IncidentStore.StreamType).GroupBy(e => e.Stream.Id))
                {
                    if (!long.TryParse(group.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
                        !_rooms.TryGetValue(id, out var room) || room.IsEmpty)
                    {
                        continue;
                    }

                    var recorded = group.Select(e => IncidentStore.ToRecorded(id, e)).ToList();
                    IReadOnlyList<TimelineItemDto> items;
                    if (recorded.Any(e => e.Event is UpdatePosted { Audience: Core.Updates.UpdateAudience.Public }) && await store.GetAsync(id, stop) is { } state)
                    {
                        // A public update's marks (skipped steps, a short monitoring step) need the incident's
                        // public history: one read, only for a batch with a public update in a watched room.
                        items = incidents.Items(state, recorded);
                    }
                    else
                    {
                        var pinned = PinnedWithin(group);
                        items = [.. recorded.Select(e => TimelineItemDto.From(e, pinned.Contains(e.Version)))];
                    }

                    var frames = items.Select(item => new LiveFrame(item.Version, Frame(item))).ToList();
                    foreach (var watcher in room.Keys)
                    {
                        watcher.Offer(frames);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Every watcher catches up from the store on its own; the feed's position is kept.
                LogFanOutFailed(e.Message);
                foreach (var watcher in _rooms.Values.SelectMany(r => r.Keys))
                {
                    watcher.MarkBehind();
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live timeline could not fan out a batch; watchers catch up from the store: {Error}")]
    private partial void LogFanOutFailed(string error);
}

/// <summary>One SSE frame for one timeline entry.</summary>
public sealed record LiveFrame(long Version, string Text);

/// <summary>One open live timeline: a bounded queue of frames; overflowing it marks the watcher behind.</summary>
public sealed class LiveWatcher : IDisposable
{
    private const int Capacity = 1024;
    private readonly LiveTimelineHub _hub;
    private readonly Channel<LiveFrame> _frames = Channel.CreateBounded<LiveFrame>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private int _behind;

    internal LiveWatcher(LiveTimelineHub hub, long incidentId)
    {
        _hub = hub;
        IncidentId = incidentId;
    }

    public long IncidentId { get; }

    public ChannelReader<LiveFrame> Frames => _frames.Reader;

    /// <summary>True once, after frames were dropped: the reader must catch up from the store.</summary>
    public bool TakeBehind()
    {
        if (Interlocked.Exchange(ref _behind, 0) == 0)
        {
            return false;
        }

        while (_frames.Reader.TryRead(out _))
        {
        }

        return true;
    }

    internal void MarkBehind()
    {
        Interlocked.Exchange(ref _behind, 1);
        // Wake a reader waiting on an empty queue so that it catches up now.
        _frames.Writer.TryWrite(new LiveFrame(0, string.Empty));
    }

    internal void Offer(IReadOnlyList<LiveFrame> frames)
    {
        foreach (var frame in frames)
        {
            if (!_frames.Writer.TryWrite(frame))
            {
                Interlocked.Exchange(ref _behind, 1);
                return;
            }
        }
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _frames.Writer.TryComplete();
    }
}
