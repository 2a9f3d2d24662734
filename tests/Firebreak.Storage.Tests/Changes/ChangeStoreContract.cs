using Firebreak.Core.Changes;
using Firebreak.Storage.Changes;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Changes;

/// <summary>
/// Change events on each engine: each change is a numbered stream of one event, its rows written in the
/// append's transaction; a list by service and window reads them newest first.
/// </summary>
public abstract class ChangeStoreContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private StreamStore Streams => new(Database, [ChangeStore.Codec], [ChangeStore.Projection]);

    private static ChangeRecorded At(int minutes, string summary, params string[] services) =>
        new(ChangeKind.Deploy, services, summary, null, T0.AddMinutes(minutes), null);

    [SkippableFact]
    public async Task AChange_IsAStreamOfOneEvent_AndARow()
    {
        RequireEngine();
        var store = new ChangeStore(Streams);

        var first = (await store.RecordAsync(new ChangeRecorded(ChangeKind.FeatureFlag, ["checkout", "cart"], "flipped new-cart on", "https://flags.example.com/new-cart", T0.AddMinutes(-42), "flagd"), "ci", T0, default)).Value;
        var second = (await store.RecordAsync(At(-5, "deployed payments v9", "payments"), "alice", T0, default)).Value;

        Assert.Equal((1L, 2L), (first.Id, second.Id));
        Assert.Equal(
            new Change(1, ChangeKind.FeatureFlag, first.Services, "flipped new-cart on", "https://flags.example.com/new-cart", T0.AddMinutes(-42), "flagd", "ci", T0),
            await store.GetAsync(1, default) is { } read ? read with { Services = first.Services } : null);
        Assert.Equal(["checkout", "cart"], (await store.GetAsync(1, default))!.Services);
        var events = await Streams.ReadAllAsync(0, 10, default);
        Assert.Equal([("change", "1"), ("change", "2")], events.Select(e => (e.Stream.Type, e.Stream.Id)));
        Assert.Equal("ci", events[0].Actor);
        Assert.IsType<ChangeRecorded>(events[0].Event);
    }

    [SkippableFact]
    public async Task AList_ByServiceAndWindow_IsNewestFirst_AndNamesEachChangeOnce()
    {
        RequireEngine();
        var store = new ChangeStore(Streams);
        await store.RecordAsync(At(-60 * 30, "too old", "checkout"), "ci", T0, default);
        await store.RecordAsync(At(-90, "deployed checkout v412", "checkout"), "ci", T0, default);
        await store.RecordAsync(At(-42, "deployed checkout and cart", "checkout", "cart"), "ci", T0, default);
        await store.RecordAsync(At(-10, "deployed payments v9", "payments"), "ci", T0, default);
        await store.RecordAsync(At(-1, "config on search", "search"), "ci", T0, default);

        var window = T0.AddHours(-24);
        Assert.Equal(
            ["deployed checkout and cart", "deployed checkout v412"],
            (await store.ListAsync(new ChangeQuery(["checkout", "cart"], window, null), default)).Select(c => c.Summary));
        Assert.Equal(
            ["config on search", "deployed payments v9", "deployed checkout and cart", "deployed checkout v412"],
            (await store.ListAsync(new ChangeQuery([], window, null), default)).Select(c => c.Summary));
        Assert.Equal(
            ["deployed payments v9", "deployed checkout and cart"],
            (await store.ListAsync(new ChangeQuery([], T0.AddMinutes(-60), T0.AddMinutes(-5)), default)).Select(c => c.Summary));
        Assert.Equal(["config on search"], (await store.ListAsync(new ChangeQuery([], window, null, 1), default)).Select(c => c.Summary));
        Assert.Empty(await store.ListAsync(new ChangeQuery(["billing"], window, null), default));
    }

    [SkippableFact]
    public async Task ConcurrentRecords_EachGetTheirOwnNumber()
    {
        RequireEngine();
        var store = new ChangeStore(Streams);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.RecordAsync(At(-i, $"change {i}", "checkout"), "ci", T0, default)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), results.Select(r => r.Value.Id).Order());
        Assert.Equal(20, (await store.ListAsync(new ChangeQuery(["checkout"], T0.AddHours(-1), null), default)).Count);
    }

    [SkippableFact]
    public async Task ConcurrentRecords_FromTwoNodes_EachGetTheirOwnNumber()
    {
        RequireEngine();
        var nodes = new[] { new ChangeStore(Streams), new ChangeStore(Streams) };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                var recorded = await nodes[n % 2].RecordAsync(At(-i, $"change {n}/{i}", "checkout"), "ci", T0, default);
                Assert.True(recorded.IsSuccess, recorded.Error?.Message);
                ids.Add(recorded.Value.Id);
            }

            return ids;
        })));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), results.SelectMany(ids => ids).Order());
        Assert.Equal(40, (await nodes[0].ListAsync(new ChangeQuery(["checkout"], T0.AddHours(-1), null, 50), default)).Count);
    }
}

public sealed class SqliteChangeStoreTests : ChangeStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresChangeStoreTests : ChangeStoreContract
{
    protected override Engine Engine => Engine.Postgres;
}
