using System.Text.Json.Nodes;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Incidents;

/// <summary>An older stored shape of an event is read as the current one through the upcasters; the stored row stays as it was.</summary>
public abstract class UpcasterContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A shape an entry might have had: free text under "note", no kind.</summary>
    private static readonly IncidentUpcasters OldEntries = new(new Dictionary<string, Func<JsonObject, (string, JsonObject)>>
    {
        ["incident.entry-added.v0"] = old => ("incident.entry-added.v1", new JsonObject { ["kind"] = "note", ["text"] = old["note"]!.GetValue<string>() }),
    });

    [SkippableFact]
    public async Task OldEventShape_IsReadAsTheCurrentOne_AndFoldsIntoTheState()
    {
        RequireEngine();
        var streams = new StreamStore(Database, [new IncidentCodec(OldEntries)], [new IncidentReadModelProjection()]);
        var store = new IncidentStore(streams);
        var declared = await store.CreateAsync([new IncidentDeclared("Checkout failing", "SEV-2", null, null, [], T0, false, IncidentStatus.Investigating)], "alice", T0, default);
        await using (var connection = await Database.OpenAsync(default))
        await using (var insert = connection.Command(
                         "INSERT INTO events (stream_type, stream_id, version, type, data, actor, occurred_at) VALUES ('incident', @id, 2, 'incident.entry-added.v0', '{\"note\":\"written long ago\"}', 'bob', @at)",
                         null,
                         ("id", declared.State.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                         ("at", Sql.ToText(T0.AddMinutes(1)))))
        {
            await insert.ExecuteNonQueryAsync(default);
        }

        var events = await store.ReadAsync(declared.State.Id, 0, 10, default);

        var entry = Assert.IsType<TimelineEntryAdded>(events[1].Event);
        Assert.Equal((EntryKind.Note, "written long ago", "bob"), (entry.Kind, entry.Text, events[1].Actor));
        Assert.Equal(2, Incident.Fold(null, events)!.Version);
        await using var check = await Database.OpenAsync(default);
        await using var stored = check.Command("SELECT type FROM events WHERE version = 2", null);
        Assert.Equal("incident.entry-added.v0", await stored.ExecuteScalarAsync(default));
    }

    [Fact]
    public void UpcasterLoop_IsABugThatSaysSo()
    {
        var looping = new IncidentUpcasters(new Dictionary<string, Func<JsonObject, (string, JsonObject)>>
        {
            ["a"] = j => ("b", j),
            ["b"] = j => ("a", j),
        });

        Assert.Throws<InvalidOperationException>(() => looping.Upcast("a", "{}"));
    }
}

public sealed class SqliteUpcasterTests : UpcasterContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresUpcasterTests : UpcasterContract
{
    protected override Engine Engine => Engine.Postgres;
}
