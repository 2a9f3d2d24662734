using Firebreak.Core.Alerts;
using Firebreak.Storage.Alerts;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Tests.Alerts;

/// <summary>
/// Intake under concurrency: requests of firing alerts share writes (each group read once, its events
/// appended once), and the outcome is the one they would have had one after another: every alert once,
/// each request told what it changed, the versions without a gap, two groups opened in one write apart.
/// </summary>
public abstract class AlertStoreContract : EngineContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly AlertPolicy Policy = new() { GroupBy = ["alertname"] };

    private StreamStore Streams() => new(Database, AlertStore.Codecs, AlertStore.Projections);

    private static IncomingAlert Alert(string alertname, string instance, AlertStatus status = AlertStatus.Firing) => new(
        $"{alertname}-{instance}",
        status,
        $"{alertname} on {instance}",
        new Dictionary<string, string> { ["alertname"] = alertname, ["instance"] = instance },
        new Dictionary<string, string>(),
        T0,
        status == AlertStatus.Resolved ? T0.AddMinutes(5) : null,
        null);

    [SkippableFact]
    public async Task ConcurrentFiringRequests_ShareWrites_AndEndAsIfWrittenOneAfterAnother()
    {
        RequireEngine();
        var streams = Streams();
        var store = new AlertStore(streams);
        const int requests = 200;

        // Request i sends its own alert and repeats the one request i / 2 sent: 400 alerts, 200 of them new.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => Task.Run(() =>
        {
            var name = i % 2 == 0 ? "Even" : "Odd";
            var repeat = i / 2;
            return store.IntakeAsync("prometheus", Policy, new IntakeBatch([Alert(name, $"n{i}"), Alert(repeat % 2 == 0 ? "Even" : "Odd", $"n{repeat}")]), "integration:prometheus", T0, default);
        })));

        Assert.All(outcomes, o => Assert.True(o.IsSuccess));
        Assert.Equal(requests, outcomes.Sum(o => o.Value.Changed));
        Assert.Equal(requests, outcomes.Sum(o => o.Value.Repeats));
        Assert.True(streams.Batches < requests, $"{streams.Batches} transactions for {requests} requests: the requests did not share writes.");

        var groups = await store.ListAsync(new AlertGroupQuery([], null, null), default);
        Assert.Equal(["AG-1", "AG-2"], groups.Select(g => g.Name).Order(StringComparer.Ordinal));
        foreach (var group in groups)
        {
            Assert.Equal((requests / 2, requests / 2, (long)requests / 2), (group.Alerts, group.Firing, group.Fired));
            var alerts = await store.AlertPageAsync(group.Id, string.Empty, 1_000, default);
            Assert.Equal(requests / 2, alerts.Count);
            Assert.All(alerts, a => Assert.Equal((1L, AlertStatus.Firing), (a.Fired, a.Status)));
            Assert.All(alerts, a => Assert.Equal(group.Key, "alertname=" + a.Labels["alertname"]));

            var events = await streams.ReadStreamAsync(new StreamId(AlertStore.StreamType, AlertStore.Id(group.Id)), 0, 10_000, default);
            Assert.Equal(Enumerable.Range(1, requests / 2 + 1).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(group.Version, events[^1].Version);
        }

        // Each request is told the groups its alerts went to.
        Assert.All(outcomes, o => Assert.InRange(o.Value.Groups.Count, 1, 2));
    }

    [SkippableFact]
    public async Task AResolve_IsWrittenOnItsOwn_AndTheGroupResolvesOnlyWhenItsLastAlertDoes()
    {
        RequireEngine();
        var store = new AlertStore(Streams());
        Assert.True((await store.IntakeAsync("prometheus", Policy, new IntakeBatch([Alert("Disk", "a"), Alert("Disk", "b")]), "integration:prometheus", T0, default)).IsSuccess);

        var both = await Task.WhenAll(
            store.IntakeAsync("prometheus", Policy, new IntakeBatch([Alert("Disk", "a", AlertStatus.Resolved)]), "integration:prometheus", T0.AddMinutes(5), default),
            store.IntakeAsync("prometheus", Policy, new IntakeBatch([Alert("Disk", "c")]), "integration:prometheus", T0.AddMinutes(5), default));
        Assert.All(both, o => Assert.Equal(1, o.Value.Changed));

        var group = Assert.Single(await store.ListAsync(new AlertGroupQuery([], null, null), default));
        Assert.Equal((AlertGroupStatus.Firing, 2, 3), (group.Status, group.Firing, group.Alerts));

        var last = await store.IntakeAsync("prometheus", Policy, new IntakeBatch([Alert("Disk", "b", AlertStatus.Resolved), Alert("Disk", "c", AlertStatus.Resolved)]), "integration:prometheus", T0.AddMinutes(6), default);
        Assert.Equal(AlertGroupStatus.Resolved, Assert.Single(last.Value.Groups).Status);
        Assert.All(await store.AlertPageAsync(group.Id, string.Empty, 10, default), a => Assert.Equal(AlertStatus.Resolved, a.Status));
    }
}

public sealed class SqliteAlertStoreTests : AlertStoreContract
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class PostgresAlertStoreTests : AlertStoreContract
{
    protected override Engine Engine => Engine.Postgres;
}
