using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>
/// A stream type whose streams are small and whose folded state is kept whole in <c>stream_states</c>
/// (status page components, maintenance, …): an append reads the state under a lock, decides,
/// appends, and its <see cref="Projection"/> writes the new state in the same transaction.
/// </summary>
public sealed class StateStream<TState>
    where TState : class
{
    private readonly StreamStore _streams;
    private readonly JsonTypeInfo<TState> _json;
    private readonly Func<TState?, string, StoredEvent, TState> _evolve;

    public StateStream(StreamStore streams, string streamType, JsonTypeInfo<TState> json, Func<TState?, string, StoredEvent, TState> evolve)
    {
        _streams = streams;
        StreamType = streamType;
        _json = json;
        _evolve = evolve;
    }

    public string StreamType { get; }

    /// <summary>The projection that keeps the state row; register it with the store for <see cref="StreamType"/>.</summary>
    public static IProjection Projection(string streamType, JsonTypeInfo<TState> json) => new StateProjection(streamType, json);

    /// <summary>
    /// Decides against the stream's state (null: the stream is new) and appends what it decides; a
    /// given <paramref name="expectedVersion"/> that is not the current one is a conflict. With
    /// <paramref name="newId"/>, the id is taken inside the transaction (the next number of the type).
    /// </summary>
    public Task<Result<(TState? State, IReadOnlyList<StoredEvent> Events)>> AppendAsync(
        string? id,
        long? expectedVersion,
        Func<TState?, Result<IReadOnlyList<IEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        _streams.WriteAsync<(TState?, IReadOnlyList<StoredEvent>)>(
            async (writer, ct) =>
            {
                var streamId = id ?? (await NextNumberAsync(writer.Scope, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var (state, version) = await ReadAsync(writer.Scope, streamId, ct);
                if (expectedVersion is { } expected && expected != version)
                {
                    return new Conflict($"It changed since version {expected}: it is now at version {version}. Reload it and try again.", version);
                }

                var decision = decide(state);
                if (!decision.IsSuccess)
                {
                    return decision.Error!;
                }

                if (decision.Value.Count == 0)
                {
                    return (state, (IReadOnlyList<StoredEvent>)[]);
                }

                var stream = new StreamId(StreamType, streamId);
                var append = await writer.AppendAsync(stream, version, decision.Value, actor, at, state, stored => stored.Aggregate(state, (s, e) => _evolve(s, streamId, e)), ct);
                return ((TState?)append.After, append.Events);
            },
            cancellationToken);

    public async Task<TState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _streams.Database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT state FROM stream_states WHERE stream_type = @type AND stream_id = @id", null, ("type", StreamType), ("id", id));
        return await select.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize(json, _json) : null;
    }

    /// <summary>Every stream's state of the type.</summary>
    public async Task<IReadOnlyList<TState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _streams.Database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT state FROM stream_states WHERE stream_type = @type", null, ("type", StreamType));
        var states = new List<TState>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(JsonSerializer.Deserialize(reader.GetString(0), _json)!);
        }

        return states;
    }

    private async Task<(TState? State, long Version)> ReadAsync(WriteScope scope, string id, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(
            $"SELECT state, version FROM stream_states WHERE stream_type = @type AND stream_id = @id{_streams.Database.ForUpdate}",
            ("type", StreamType),
            ("id", id));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (JsonSerializer.Deserialize(reader.GetString(0), _json), reader.Int64(1))
            : (null, 0);
    }

    private async Task<long> NextNumberAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await using var select = scope.Command(
            "SELECT COALESCE(MAX(CAST(stream_id AS BIGINT)), 0) + 1 FROM stream_states WHERE stream_type = @type",
            ("type", StreamType));
        return await select.ScalarInt64Async(cancellationToken);
    }

    private sealed class StateProjection(string streamType, JsonTypeInfo<TState> json) : IProjection
    {
        public bool Handles(string type) => type == streamType;

        public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
        {
            if (append.After is not TState state || append.Events.Count == 0)
            {
                return;
            }

            await using var upsert = scope.Command(
                "INSERT INTO stream_states (stream_type, stream_id, version, state, updated_at) VALUES (@type, @id, @version, @state, @at) " +
                "ON CONFLICT (stream_type, stream_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at",
                ("type", append.Stream.Type),
                ("id", append.Stream.Id),
                ("version", append.Events[^1].Version),
                ("state", JsonSerializer.Serialize(state, json)),
                ("at", Sql.ToText(append.At)));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
