using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;
using Firebreak.Core.Evidence;

namespace Firebreak.Storage.Tests.Scheduling;

public abstract class SchedulerStoreContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private SchedulerStore Scheduler => new(Database);

    [SkippableFact]
    public async Task Lease_IsHeldByOneHolderUntilItExpires()
    {
        RequireEngine();
        Assert.True(await Scheduler.TryAcquireLeaseAsync("scheduler", "node-a", T0, TimeSpan.FromSeconds(30), default));
        Assert.False(await Scheduler.TryAcquireLeaseAsync("scheduler", "node-b", T0.AddSeconds(10), TimeSpan.FromSeconds(30), default));
        Assert.True(await Scheduler.TryAcquireLeaseAsync("scheduler", "node-a", T0.AddSeconds(10), TimeSpan.FromSeconds(30), default));
        Assert.True(await Scheduler.TryAcquireLeaseAsync("scheduler", "node-b", T0.AddSeconds(41), TimeSpan.FromSeconds(30), default));
        Assert.False(await Scheduler.TryAcquireLeaseAsync("scheduler", "node-a", T0.AddSeconds(42), TimeSpan.FromSeconds(30), default));
    }

    [SkippableFact]
    public async Task PlannedJobs_AreWrittenWithTheAppend_AndRunWhenDue()
    {
        RequireEngine();
        var store = new IncidentStore(Database, new FixedPlanner(T0.AddMinutes(5)));
        var created = await Declare(store);

        var jobs = await Scheduler.AllAsync(default);
        var job = Assert.Single(jobs);
        Assert.Equal($"incident:{created.State.Id}:test", job.Key);
        Assert.Equal(T0.AddMinutes(5), job.DueAt);
        Assert.Empty(await Scheduler.DueAsync(T0.AddMinutes(4), 10, default));
        Assert.Single(await Scheduler.DueAsync(T0.AddMinutes(5), 10, default));

        await Scheduler.CompleteAsync(job, T0.AddMinutes(20), default);
        Assert.Equal(T0.AddMinutes(20), Assert.Single(await Scheduler.AllAsync(default)).DueAt);
    }

    [SkippableFact]
    public async Task Complete_LeavesARowThatAnAppendReplannedMeanwhile()
    {
        RequireEngine();
        var planner = new FixedPlanner(T0.AddMinutes(5));
        var store = new IncidentStore(Database, planner);
        var created = await Declare(store);
        var picked = Assert.Single(await Scheduler.DueAsync(T0.AddMinutes(5), 10, default));

        planner.Due = T0.AddMinutes(30);
        var appended = await store.AppendAsync(created.State.Id, null, s => Incident.Decide(s, new AddEntry("note", "x"), Context()), "alice", T0.AddMinutes(6), default);
        Assert.True(appended.IsSuccess);
        await Scheduler.CompleteAsync(picked, null, default);

        Assert.Equal(T0.AddMinutes(30), Assert.Single(await Scheduler.AllAsync(default)).DueAt);
    }

    [SkippableFact]
    public async Task Fail_CountsAttemptsAndRetriesLater_AndNullDueRemovesTheRow()
    {
        RequireEngine();
        var planner = new FixedPlanner(T0);
        var store = new IncidentStore(Database, planner);
        var created = await Declare(store);
        var job = Assert.Single(await Scheduler.DueAsync(T0, 10, default));

        await Scheduler.FailAsync(job, "boom", T0.AddMinutes(1), default);
        var retried = Assert.Single(await Scheduler.AllAsync(default));
        Assert.Equal(1, retried.Attempts);
        Assert.Equal(T0.AddMinutes(1), retried.DueAt);

        planner.Due = null;
        await store.AppendAsync(created.State.Id, null, s => Incident.Decide(s, new AddEntry("note", "x"), Context()), "alice", T0, default);
        Assert.Empty(await Scheduler.AllAsync(default));
    }

    [SkippableFact]
    public async Task Evidence_IsKeptByteForByteWithTheEvent()
    {
        RequireEngine();
        var store = new IncidentStore(Database);
        var created = await Declare(store);
        byte[] content = [0, 1, 2, 255, 254, 0, 10, 13];
        var attached = await store.AttachEvidenceAsync(
            created.State.Id,
            null,
            new NewEvidence(EvidenceKind.File, "dump.bin", "application/octet-stream", null, content, "digest", Verification: true),
            (state, id) => Incident.Decide(state, new AttachEvidence(id, EvidenceKind.File, "dump.bin", "digest", content.Length, null, true), Context()),
            "alice",
            T0,
            default);

        Assert.True(attached.IsSuccess);
        var recorded = Assert.IsType<EvidenceAttached>(attached.Value.Events.Single().Event);
        var stored = await store.GetEvidenceAsync(created.State.Id, recorded.Number, default);
        Assert.Equal(content, stored!.Content);
        Assert.Equal("alice", stored.CreatedBy);
        Assert.True(stored.Verification);
        Assert.Null(Assert.Single(await store.ListEvidenceAsync(created.State.Id, default)).Content);
        Assert.True(attached.Value.State.HasVerificationEvidence);
    }

    [SkippableFact]
    public async Task Evidence_RejectedDecision_KeepsNothing()
    {
        RequireEngine();
        var store = new IncidentStore(Database);
        var created = await Declare(store);
        var rejected = await store.AttachEvidenceAsync(
            created.State.Id,
            null,
            new NewEvidence(EvidenceKind.Text, "x", null, null, [1], "digest", false),
            (state, id) => Incident.Decide(state, new AttachEvidence(id, EvidenceKind.Text, " ", "digest", 1, null, false), Context()),
            "alice",
            T0,
            default);

        Assert.False(rejected.IsSuccess);
        Assert.Empty(await store.ListEvidenceAsync(created.State.Id, default));
        Assert.Equal(created.State.Version, (await store.GetAsync(created.State.Id, default))!.Version);
    }

    [SkippableFact]
    public async Task Evidence_WithAStaleExpectedVersion_IsAConflictAndKeepsNothing()
    {
        RequireEngine();
        var store = new IncidentStore(Database);
        var created = await Declare(store);
        var stale = await store.AttachEvidenceAsync(
            created.State.Id,
            created.State.Version - 1,
            new NewEvidence(EvidenceKind.Text, "x", null, null, [1], "digest", false),
            (state, id) => Incident.Decide(state, new AttachEvidence(id, EvidenceKind.Text, "x", "digest", 1, null, false), Context()),
            "alice",
            T0,
            default);

        Assert.IsType<Core.Common.Conflict>(stale.Error);
        Assert.Empty(await store.ListEvidenceAsync(created.State.Id, default));
    }

    private static DecisionContext Context() => new("alice", T0, SeverityScale.Default);

    private static Task<Appended> Declare(IncidentStore store)
    {
        var decision = Incident.Decide(null, new DeclareIncident("Checkout failing", "SEV-2", null, null, null, null, false, null, null), Context());
        return store.CreateAsync(decision.Value, "alice", T0, default);
    }

    private sealed class FixedPlanner(DateTimeOffset? due) : IProjection
    {
        public DateTimeOffset? Due { get; set; } = due;

        public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

        public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken) =>
            SchedulerStore.ApplyAsync(scope, [new PlannedJob(IncidentStore.Stream(((IncidentState)append.After!).Id), "test", Due)], cancellationToken);
    }
}

public sealed class SqliteSchedulerStoreTests : SchedulerStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresSchedulerStoreTests : SchedulerStoreContract
{
    protected override Engine Engine => Engine.Postgres;
}
