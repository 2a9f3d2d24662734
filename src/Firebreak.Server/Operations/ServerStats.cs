using System.Diagnostics.Metrics;
using Firebreak.Server.Incidents;
using Firebreak.Storage;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Operations;

/// <summary>
/// Sums the storage metrics of this process since it started, for <c>GET /api/v1/admin/stats</c>:
/// how many SQL commands went to the database, how far the change feed has read, how many live
/// timelines are open.
/// </summary>
public sealed class ServerStats : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ChangeFeed _feed;
    private readonly LiveTimelineHub _live;
    private long _commands;

    public ServerStats(ChangeFeed feed, LiveTimelineHub live)
    {
        _feed = feed;
        _live = live;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == StorageMetrics.CommandsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _commands, value));
        _listener.Start();
    }

    public StatsDto Read() => new(Interlocked.Read(ref _commands), _feed.Position, _live.Watching);

    public void Dispose() => _listener.Dispose();
}

/// <summary>The server's counters since it started.</summary>
/// <param name="DatabaseCommands">SQL commands sent to the database by this process.</param>
/// <param name="FeedPosition">The position of the last event the change feed handed out.</param>
/// <param name="LiveTimelines">Live timeline streams open now.</param>
public sealed record StatsDto(long DatabaseCommands, long FeedPosition, int LiveTimelines);
