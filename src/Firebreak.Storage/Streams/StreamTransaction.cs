using System.Data.Common;
using System.Text;
using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>
/// One write inside a (possibly shared) transaction: appends events to streams and runs the
/// projections for them. Anything else written through <see cref="Scope"/> commits or rolls back with it.
/// </summary>
public sealed class StreamTransaction
{
    private readonly StreamStore _store;

    internal StreamTransaction(StreamStore store, WriteScope scope, string? origin)
    {
        _store = store;
        Scope = scope;
        Origin = origin;
    }

    public WriteScope Scope { get; }

    /// <summary>Where the write came from (<see cref="WriteOrigin"/>), handed to the projections.</summary>
    public string? Origin { get; }

    /// <summary>Events appended by this write so far (the feed learns of them after commit).</summary>
    internal int Appended { get; private set; }

    /// <summary>The highest position this write appended (0 for none).</summary>
    internal long LastPosition { get; private set; }

    /// <summary>
    /// Appends <paramref name="events"/> after <paramref name="currentVersion"/>, then runs the
    /// projections with the state before and the state <paramref name="evolve"/> folds from the stored events.
    /// A version taken meanwhile by another writer throws <see cref="StreamConflictException"/>;
    /// the returned append carries the events with their positions and the new state.
    /// </summary>
    public async Task<StreamAppend> AppendAsync(
        StreamId stream,
        long currentVersion,
        IReadOnlyList<IEvent> events,
        string actor,
        DateTimeOffset at,
        object? before,
        Func<IReadOnlyList<StoredEvent>, object?>? evolve,
        CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return new StreamAppend(stream, [], before, before, at, Origin);
        }

        var codec = _store.CodecFor(stream.Type);
        var sql = new StringBuilder("INSERT INTO events (stream_type, stream_id, version, type, data, actor, occurred_at) VALUES ");
        var parameters = new List<(string, object?)> { ("st", stream.Type), ("sid", stream.Id), ("actor", actor), ("at", Sql.ToText(at)) };
        for (var i = 0; i < events.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append($"(@st, @sid, @v{i}, @t{i}, @d{i}, @actor, @at)");
            parameters.Add(($"v{i}", currentVersion + i + 1));
            parameters.Add(($"t{i}", codec.NameOf(events[i])));
            parameters.Add(($"d{i}", codec.Encode(events[i])));
        }

        sql.Append(" RETURNING position, version");
        var positions = new Dictionary<long, long>(events.Count);
        try
        {
            await using var insert = Scope.Command(sql.ToString(), [.. parameters]);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                positions[reader.Int64(1)] = reader.Int64(0);
            }
        }
        catch (DbException e) when (Sql.IsUniqueViolation(e))
        {
            throw new StreamConflictException(stream, currentVersion + 1);
        }

        var stored = new StoredEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var version = currentVersion + i + 1;
            stored[i] = new StoredEvent(positions[version], stream, version, events[i], actor, at);
        }

        Appended += stored.Length;
        LastPosition = Math.Max(LastPosition, stored.Max(e => e.Position));
        var append = new StreamAppend(stream, stored, before, evolve?.Invoke(stored), at, Origin);
        foreach (var projection in _store.Projections)
        {
            if (projection.Handles(stream.Type))
            {
                await projection.ProjectAsync(Scope, append, cancellationToken);
            }
        }

        return append;
    }
}
