using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Streams;

public abstract class StreamStoreContract : EngineContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    protected static StreamStore Streams(Database database, NoteCountProjection? projection = null) =>
        new(database, [new IncidentCodec(), new NoteCodec()], [new IncidentReadModelProjection(), projection ?? new NoteCountProjection()]);

    protected static Task<Result<StreamAppend>> AddNote(StreamStore store, string stream, long current, string text) =>
        store.WriteAsync<StreamAppend>(
            async (tx, ct) => await tx.AppendAsync(new StreamId(NoteCodec.Type, stream), current, [new NoteAdded(text)], "alice", T0, null, null, ct),
            default);

    [SkippableFact]
    public async Task Append_NumbersVersionsPerStream_AndPositionsAcrossStreams()
    {
        RequireEngine();
        var store = Streams(Database);
        var incidents = new IncidentStore(store);
        var declared = await incidents.CreateAsync([new IncidentDeclared("Checkout failing", "SEV-2", null, null, [], T0, false, IncidentStatus.Investigating)], "alice", T0, default);
        var id = declared.State.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The same id under another stream type is another stream, with versions of its own.
        Assert.True((await AddNote(store, id, 0, "first")).IsSuccess);
        Assert.True((await AddNote(store, id, 1, "second")).IsSuccess);

        var all = await store.ReadAllAsync(0, 100, default);
        Assert.Equal([(IncidentStore.StreamType, 1L), (NoteCodec.Type, 1L), (NoteCodec.Type, 2L)], all.Select(e => (e.Stream.Type, e.Version)));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position));
        Assert.Equal(declared.Events[0].Position, all[0].Position);
        Assert.Equal(["first", "second"], (await store.ReadStreamAsync(new StreamId(NoteCodec.Type, id), 0, 10, default)).Select(e => ((NoteAdded)e.Event).Text));
        Assert.Single(await store.ReadStreamAsync(IncidentStore.Stream(declared.State.Id), 0, 10, default));
        Assert.Equal(all[^1].Position, await store.HeadAsync(default));
    }

    [SkippableFact]
    public async Task Append_AtATakenVersion_IsConflictAndWritesNothing()
    {
        RequireEngine();
        var store = Streams(Database);
        Assert.True((await AddNote(store, "a", 0, "first")).IsSuccess);

        var late = await AddNote(store, "a", 0, "late");

        Assert.IsType<Conflict>(late.Error);
        Assert.Equal(["first"], (await store.ReadStreamAsync(new StreamId(NoteCodec.Type, "a"), 0, 10, default)).Select(e => ((NoteAdded)e.Event).Text));
        Assert.Equal(1, await NoteCountProjection.CountAsync(Database, "a"));
    }

    [SkippableFact]
    public async Task Projection_ThatThrows_RollsTheAppendBack()
    {
        RequireEngine();
        var projection = new NoteCountProjection { ThrowOn = "boom" };
        var store = Streams(Database, projection);
        Assert.True((await AddNote(store, "a", 0, "fine")).IsSuccess);

        await Assert.ThrowsAsync<InvalidOperationException>(() => AddNote(store, "a", 1, "boom"));

        Assert.Single(await store.ReadAllAsync(0, 10, default));
        Assert.Equal(1, await NoteCountProjection.CountAsync(Database, "a"));
        Assert.True((await AddNote(store, "a", 1, "after")).IsSuccess);
        Assert.Equal(2, await NoteCountProjection.CountAsync(Database, "a"));
    }

    [SkippableFact]
    public async Task GroupCommit_OneConflictingWrite_FailsAlone_AndTheOthersLand()
    {
        RequireEngine();
        var store = Streams(Database);
        Assert.True((await AddNote(store, "shared", 0, "seed")).IsSuccess);

        // Hold the first batch open until the others are queued, so that they are written as one batch.
        var release = new TaskCompletionSource();
        var running = new TaskCompletionSource();
        var holder = store.WriteAsync<bool>(
            async (tx, ct) =>
            {
                running.SetResult();
                await release.Task;
                await tx.AppendAsync(new StreamId(NoteCodec.Type, "holder"), 0, [new NoteAdded("held")], "alice", T0, null, null, ct);
                return true;
            },
            default);
        await running.Task;
        var writes = Enumerable.Range(0, 15).Select(i => AddNote(store, $"s{i}", 0, $"note {i}")).ToList();
        var stale = AddNote(store, "shared", 0, "stale");
        var projectionFails = store.WriteAsync<bool>((_, _) => throw new InvalidOperationException("bug in one write"), default);
        release.SetResult();

        Assert.True((await holder).Value);
        Assert.All(await Task.WhenAll(writes), r => Assert.True(r.IsSuccess));
        Assert.IsType<Conflict>((await stale).Error);
        await Assert.ThrowsAsync<InvalidOperationException>(() => projectionFails);
        Assert.Equal(2, store.Batches - 1);

        var all = await store.ReadAllAsync(0, 100, default);
        Assert.Equal(1 + 1 + 15, all.Count);
        Assert.DoesNotContain(all, e => e.Event is NoteAdded { Text: "stale" });
        Assert.All(Enumerable.Range(0, 15), i => Assert.Contains(all, e => e.Stream.Id == $"s{i}"));
    }

    [SkippableFact]
    public async Task Feed_DeliversEveryEventOnce_InPositionOrder_UnderConcurrentAppends()
    {
        RequireEngine();
        var writerA = Streams(Database);
        var writerB = Streams(Database);
        var follower = Streams(Database);
        await using var feed = new ChangeFeed(follower);
        await feed.StartAsync(default);
        using var reader = feed.Open();
        // The follower's store never writes; the writers' commits reach it through the database (NOTIFY) or a wake.
        writerA.Committed += feed.Wake;
        writerB.Committed += feed.Wake;

        const int streams = 8, perStream = 20;
        var tasks = Enumerable.Range(0, streams).Select(s => Task.Run(async () =>
        {
            var store = s % 2 == 0 ? writerA : writerB;
            for (var v = 0; v < perStream; v++)
            {
                Assert.True((await AddNote(store, $"c{s}", v, $"{s}/{v}")).IsSuccess);
            }
        })).ToList();
        await Task.WhenAll(tasks);

        var seen = await ReadAsync(reader, streams * perStream);

        Assert.Equal(streams * perStream, seen.Count);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions in order");
        Assert.Equal((await follower.ReadAllAsync(0, 1000, default)).Select(e => e.Position), seen.Select(e => e.Position));
        foreach (var group in seen.GroupBy(e => e.Stream.Id))
        {
            Assert.Equal(Enumerable.Range(1, perStream).Select(v => (long)v), group.Select(e => e.Version));
        }
    }

    [SkippableFact]
    public async Task Feed_SlowSubscriber_CatchesUpFromTheStore_WithoutLosingEvents()
    {
        RequireEngine();
        var store = Streams(Database);
        await using var feed = new ChangeFeed(store);
        await feed.StartAsync(default);
        using var slow = feed.Open(capacity: 1);
        Assert.True((await AddNote(store, "slow", 0, "n0")).IsSuccess);
        Assert.Single(await ReadAsync(slow, 1));
        var caughtUp = slow.CatchUps;

        // Forty batches handed out one by one while the subscriber reads nothing: its buffer holds one.
        for (var v = 1; v <= 40; v++)
        {
            var appended = await AddNote(store, "slow", v, $"n{v}");
            await WaitUntilAsync(() => feed.Position >= appended.Value.Events[^1].Position);
        }

        var seen = await ReadAsync(slow, 40);

        Assert.Equal(Enumerable.Range(2, 40).Select(v => (long)v), seen.Select(e => e.Version));
        Assert.Equal(caughtUp + 1, slow.CatchUps);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [SkippableFact]
    public async Task Feed_StartsAtTheHead_AndDoesNotReplayHistory()
    {
        RequireEngine();
        var store = Streams(Database);
        Assert.True((await AddNote(store, "old", 0, "history")).IsSuccess);
        await using var feed = new ChangeFeed(store);
        await feed.StartAsync(default);
        using var reader = feed.Open();

        Assert.True((await AddNote(store, "new", 0, "news")).IsSuccess);

        var seen = await ReadAsync(reader, 1);
        Assert.Equal("news", ((NoteAdded)Assert.Single(seen).Event).Text);
    }

    protected static async Task<List<StoredEvent>> ReadAsync(FeedReader reader, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<StoredEvent>();
        while (seen.Count < count)
        {
            seen.AddRange(await reader.ReadAsync(timeout.Token));
        }

        return seen;
    }
}

public sealed class SqliteStreamStoreTests : StreamStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresStreamStoreTests : StreamStoreContract
{
    protected override Engine Engine => Engine.Postgres;

    [SkippableFact]
    public async Task Feed_OnAnotherNode_HearsCommitsThroughListenNotify()
    {
        RequireEngine();
        var connection = await Testing.TestDatabases.NewPostgresDatabaseAsync();
        await using var nodeA = new PostgresDatabase(connection);
        await using var nodeB = new PostgresDatabase(connection);
        await nodeA.MigrateAsync(default);
        var writer = Streams(nodeA);
        await using var feed = new ChangeFeed(Streams(nodeB));
        await feed.StartAsync(default);
        using var reader = feed.Open();

        Assert.True((await AddNote(writer, "x", 0, "from node A")).IsSuccess);

        var seen = await ReadAsync(reader, 1);
        Assert.Equal("from node A", ((NoteAdded)Assert.Single(seen).Event).Text);
    }
}
