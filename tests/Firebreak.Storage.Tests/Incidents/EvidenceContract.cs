using System.Globalization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;

namespace Firebreak.Storage.Tests.Incidents;

/// <summary>
/// Evidence is numbered 1, 2, 3 … within its incident, in attachment order; events stored when
/// evidence carried one id across all incidents read with the number of their place in the incident.
/// </summary>
public abstract class EvidenceContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Evidence_IsNumberedWithinEachIncident_InAttachmentOrder()
    {
        RequireEngine();
        var store = new IncidentStore(Database);
        var a = (await Declare(store)).State.Id;
        var b = (await Declare(store)).State.Id;

        var numbers = new List<(long Incident, long Number)>();
        foreach (var (incident, name) in new[] { (a, "a1"), (b, "b1"), (a, "a2"), (b, "b2"), (b, "b3") })
        {
            numbers.Add((incident, await AttachAsync(store, incident, name)));
        }

        Assert.Equal([(a, 1L), (b, 1L), (a, 2L), (b, 2L), (b, 3L)], numbers);
        Assert.Equal([(1L, "a1"), (2L, "a2")], (await store.ListEvidenceAsync(a, default)).Select(e => (e.Number, e.Name)));
        Assert.Equal([(1L, "b1"), (2L, "b2"), (3L, "b3")], (await store.ListEvidenceAsync(b, default)).Select(e => (e.Number, e.Name)));
        Assert.Equal("a2"u8.ToArray(), (await store.GetEvidenceAsync(a, 2, default))!.Content);
        Assert.Null(await store.GetEvidenceAsync(a, 3, default));
        Assert.Equal([1L, 2L, 3L], (await store.ReadAsync(b, 0, 100, default)).Select(e => e.Event).OfType<EvidenceAttached>().Select(e => e.Number));
    }

    [SkippableFact]
    public async Task OlderEvidenceEvents_ReadWithTheNumberOfTheirPlace_OnEveryPage_AndStayStoredAsTheyWere()
    {
        RequireEngine();
        var store = new IncidentStore(Database);
        var id = (await Declare(store)).State.Id;
        // As the release before per-incident numbers stored them: the evidence's global row id in the event.
        var firstVersion = await AddOlderEvidenceEventAsync(id, globalId: 7, "before.log");
        var secondVersion = await AddOlderEvidenceEventAsync(id, globalId: 12, "after.log");

        var all = (await store.ReadAsync(id, 0, 100, default)).Select(e => e.Event).OfType<EvidenceAttached>();
        var page = (await store.ReadAsync(id, firstVersion, 100, default)).Select(e => e.Event).OfType<EvidenceAttached>();
        var one = (await store.ReadOneAsync(id, secondVersion, default))!.Event;

        Assert.Equal([(1L, "before.log"), (2L, "after.log")], all.Select(e => (e.Number, e.Name)));
        Assert.Equal([2L], page.Select(e => e.Number));
        Assert.Equal(2L, Assert.IsType<EvidenceAttached>(one).Number);
        Assert.Equal("Evidence #2 attached (text): after.log sha256:abcdef012345", TimelineText.Describe(one));
        var stored = await StoredOlderEventsAsync();
        Assert.Equal(2, stored.Count);
        Assert.Contains("\"evidenceId\":7,", stored[0], StringComparison.Ordinal);
        Assert.Contains("\"evidenceId\":12,", stored[1], StringComparison.Ordinal);
    }

    private async Task<long> AddOlderEvidenceEventAsync(long incident, long globalId, string name)
    {
        await using var connection = await Database.OpenAsync(default);
        var stream = incident.ToString(CultureInfo.InvariantCulture);
        long version;
        await using (var next = connection.Command("SELECT MAX(version) + 1 FROM events WHERE stream_type = 'incident' AND stream_id = @id", null, ("id", stream)))
        {
            version = Convert.ToInt64(await next.ExecuteScalarAsync(default), CultureInfo.InvariantCulture);
        }

        var data = $$"""{"evidenceId":{{globalId}},"kind":"text","name":"{{name}}","sha256":"abcdef0123456789","size":1,"url":null,"verification":false}""";
        await using var insert = connection.Command(
            "INSERT INTO events (stream_type, stream_id, version, type, data, actor, occurred_at) VALUES ('incident', @id, @version, 'incident.evidence-attached.v1', @data, 'bob', @at)",
            null,
            ("id", stream),
            ("version", version),
            ("data", data),
            ("at", Sql.ToText(T0.AddMinutes(version))));
        await insert.ExecuteNonQueryAsync(default);
        return version;
    }

    private async Task<IReadOnlyList<string>> StoredOlderEventsAsync()
    {
        var data = new List<string>();
        await using var connection = await Database.OpenAsync(default);
        await using var select = connection.Command("SELECT data FROM events WHERE type = 'incident.evidence-attached.v1' ORDER BY version", null);
        await using var reader = await select.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            data.Add(reader.GetString(0));
        }

        return data;
    }

    private static async Task<long> AttachAsync(IncidentStore store, long incident, string name)
    {
        var content = System.Text.Encoding.UTF8.GetBytes(name);
        var attached = await store.AttachEvidenceAsync(
            incident,
            null,
            new NewEvidence(EvidenceKind.Text, name, "text/plain", null, content, "digest", false),
            (state, number) => Incident.Decide(state, new AttachEvidence(number, EvidenceKind.Text, name, "digest", content.Length, null, false), Context()),
            "alice",
            T0,
            default);
        Assert.True(attached.IsSuccess, attached.Error?.Message);
        return Assert.IsType<EvidenceAttached>(attached.Value.Events.Single().Event).Number;
    }

    private static DecisionContext Context() => new("alice", T0, SeverityScale.Default);

    private static async Task<Appended> Declare(IncidentStore store)
    {
        var decision = Incident.Decide(null, new DeclareIncident("Checkout failing", "SEV-2", null, null, null, null, false, null, null), Context());
        return await store.CreateAsync(decision.Value, "alice", T0, default);
    }
}

public sealed class SqliteEvidenceTests : EvidenceContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresEvidenceTests : EvidenceContract
{
    protected override Engine Engine => Engine.Postgres;
}
