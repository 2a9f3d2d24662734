using System.Data.Common;
using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>
/// The one stream store: every slice's events in one table, ordered by a global position, appended
/// with an expected version and projected in the same transaction. Concurrent writes share one
/// transaction and one commit (group commit), each under its own savepoint, so a conflict or a
/// rejected command fails that write alone. After each commit the change feed is told.
/// </summary>
public sealed partial class StreamStore
{
    /// <summary>PostgreSQL: held from a batch's first statement to its commit, so positions become visible in order.</summary>
    internal const long PositionLock = 0x46697265_0002;

    /// <summary>The channel a commit notifies on PostgreSQL; every node's feed listens on it.</summary>
    public const string NotifyChannel = "firebreak_events";

    private const int MaxBatch = 64;
    private const string EventColumns = "position, stream_type, stream_id, version, type, data, actor, occurred_at";

    private readonly Dictionary<string, IEventCodec> _codecs;

    public StreamStore(Database database, IEnumerable<IEventCodec> codecs, IEnumerable<IProjection> projections)
    {
        Database = database;
        _codecs = codecs.ToDictionary(c => c.StreamType);
        Projections = [.. projections];
    }

    public Database Database { get; }

    internal IReadOnlyList<IProjection> Projections { get; }

    /// <summary>Raised after a commit that appended events (on this node; other nodes hear of it through the feed).</summary>
    public event Action? Committed;

    internal IEventCodec CodecFor(string streamType) =>
        _codecs.TryGetValue(streamType, out var codec) ? codec : throw new InvalidOperationException($"No codec is registered for stream type '{streamType}'.");

    /// <summary>The position of the newest stored event (0 for an empty store).</summary>
    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT COALESCE(MAX(position), 0) FROM events", null);
        return await select.ScalarInt64Async(cancellationToken);
    }

    /// <summary>Every stream's events after <paramref name="afterPosition"/>, in position order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            $"SELECT {EventColumns} FROM events WHERE position > @after ORDER BY position LIMIT @limit",
            null,
            ("after", afterPosition),
            ("limit", limit));
        return await ReadEventsAsync(select, cancellationToken);
    }

    /// <summary>One stream's events after <paramref name="afterVersion"/>, in version order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        return await ReadStreamAsync(connection, null, stream, afterVersion, limit, cancellationToken);
    }

    internal async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(DbConnection connection, DbTransaction? transaction, StreamId stream, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        // The stream is known: only what differs per event is read.
        await using var select = connection.Command(
            "SELECT position, version, type, data, actor, occurred_at FROM events WHERE stream_type = @type AND stream_id = @id AND version > @after ORDER BY version LIMIT @limit",
            transaction,
            ("type", stream.Type),
            ("id", stream.Id),
            ("after", afterVersion),
            ("limit", limit));
        var codec = _codecs.GetValueOrDefault(stream.Type);
        var events = new List<StoredEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(2);
            var data = reader.GetString(3);
            events.Add(new StoredEvent(
                reader.GetInt64(0),
                stream,
                reader.GetInt64(1),
                codec is null ? new OpaqueEvent(name, data) : codec.Decode(name, data),
                reader.GetString(4),
                Sql.ToInstant(reader.GetString(5))));
        }

        return events;
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(1);
            var name = reader.GetString(4);
            var data = reader.GetString(5);
            IEvent payload = _codecs.TryGetValue(type, out var codec) ? codec.Decode(name, data) : new OpaqueEvent(name, data);
            events.Add(new StoredEvent(
                reader.Int64(0),
                new StreamId(type, reader.GetString(2)),
                reader.Int64(3),
                payload,
                reader.GetString(6),
                Sql.ToInstant(reader.GetString(7))));
        }

        return events;
    }
}
