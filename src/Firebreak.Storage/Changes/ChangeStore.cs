using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Changes;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Changes;

/// <summary>
/// Change events: each change is a <c>change</c> stream of one event (id: its number, taken inside the
/// append's transaction), kept as rows of <c>changes</c> and <c>change_services</c> by
/// <see cref="ChangeIndexProjection"/> so that a window of changes to some services is one indexed read.
/// </summary>
public sealed class ChangeStore(StreamStore streams)
{
    public const string StreamType = "change";

    private const string Columns = "id, occurred_at, kind, services, summary, link, source, recorded_by, recorded_at";

    public static IEventCodec Codec { get; } = new JsonEventCodec(StreamType, ChangeEventTypes.Map, ChangeJson.Default);

    public static IProjection Projection { get; } = new ChangeIndexProjection();

    /// <summary>
    /// Appends the change as the next numbered stream; the rows are written by the projection in the same
    /// transaction. The number is safe to take from the table: a write batch holds the store's lock from its
    /// start on PostgreSQL (SQLite has one writer), so no other node numbers a change meanwhile.
    /// </summary>
    public Task<Result<Change>> RecordAsync(ChangeRecorded recorded, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        streams.WriteAsync<Change>(
            async (writer, ct) =>
            {
                await using var next = writer.Scope.Command("SELECT COALESCE(MAX(id), 0) + 1 FROM changes");
                var id = await next.ScalarInt64Async(ct);
                var stream = new StreamId(StreamType, id.ToString(CultureInfo.InvariantCulture));
                var append = await writer.AppendAsync(stream, 0, [recorded], actor, now, null, stored => Change.From(id, (ChangeRecorded)stored[0].Event, stored[0].Actor, stored[0].OccurredAt), ct);
                return (Change)append.After!;
            },
            cancellationToken);

    public async Task<Change?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await streams.Database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {Columns} FROM changes WHERE id = @id", null, ("id", id));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The changes the query asks for, newest first (by when they happened, then by number).</summary>
    public async Task<IReadOnlyList<Change>> ListAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)> { ("since", Sql.ToText(query.Since)), ("limit", (long)query.Limit) };
        var window = "occurred_at >= @since";
        if (query.Until is { } until)
        {
            window += " AND occurred_at <= @until";
            parameters.Add(("until", Sql.ToText(until)));
        }

        string where;
        if (query.Services.Count == 0)
        {
            where = window;
        }
        else
        {
            var names = query.Services.Select((s, i) => { parameters.Add(($"s{i}", s)); return $"@s{i}"; });
            where = $"id IN (SELECT change_id FROM change_services WHERE service IN ({string.Join(", ", names)}) AND {window})";
        }

        await using var connection = await streams.Database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"SELECT {Columns} FROM changes WHERE {where} ORDER BY occurred_at DESC, id DESC LIMIT @limit", null, [.. parameters]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var changes = new List<Change>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(Read(reader));
        }

        return changes;
    }

    internal static async Task WriteAsync(WriteScope scope, Change c, CancellationToken cancellationToken)
    {
        await using (var insert = scope.Command(
                         $"INSERT INTO changes ({Columns}) VALUES (@id, @at, @kind, @services, @summary, @link, @source, @by, @recorded)",
                         ("id", c.Id),
                         ("at", Sql.ToText(c.At)),
                         ("kind", WireNames.Of(c.Kind)),
                         ("services", JsonSerializer.Serialize(c.Services, ChangeJson.Default.IReadOnlyListString)),
                         ("summary", c.Summary),
                         ("link", c.Link),
                         ("source", c.Source),
                         ("by", c.RecordedBy),
                         ("recorded", Sql.ToText(c.RecordedAt))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var service in c.Services)
        {
            await using var index = scope.Command(
                "INSERT INTO change_services (service, occurred_at, change_id) VALUES (@service, @at, @id)",
                ("service", service),
                ("at", Sql.ToText(c.At)),
                ("id", c.Id));
            await index.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Change Read(DbDataReader r) => new(
        r.Int64(0),
        WireNames.TryParse<ChangeKind>(r.GetString(2), out var kind) ? kind : ChangeKind.Other,
        JsonSerializer.Deserialize(r.GetString(3), ChangeJson.Default.IReadOnlyListString) ?? [],
        r.GetString(4),
        r.NullableString(5),
        Sql.ToInstant(r.GetString(1)),
        r.NullableString(6),
        r.GetString(7),
        Sql.ToInstant(r.GetString(8)));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChangeRecorded))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class ChangeJson : JsonSerializerContext;
