using System.Security.Cryptography;
using System.Text;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Access;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;
using Firebreak.Testing;

namespace Firebreak.Storage.Tests.Upgrade;

/// <summary>
/// A database written by the previous release (Fixtures/, made by make-fixtures.sh with that release's
/// executable: three incidents, one of them private and one declined, evidence, scheduled deadlines,
/// users and tokens) upgrades in place on start and keeps every event.
/// </summary>
public abstract class UpgradeContract
{

    protected abstract Task<Database?> OpenPreviousReleaseAsync();

    [SkippableFact]
    public async Task PreviousRelease_UpgradesInPlace_AndKeepsEveryEvent()
    {
        await using var database = await OpenPreviousReleaseAsync();
        Skip.If(database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
        await database.MigrateAsync(default);
        var store = new IncidentStore(database);
        // The release's snapshots were folded by older rules: every incident is folded again at start, once.
        Assert.Equal(3, await store.EnsureSnapshotsAsync(default));
        Assert.Equal(0, await store.EnsureSnapshotsAsync(default));

        var all = await store.StreamStore.ReadAllAsync(0, 1000, default);
        Assert.Equal(15, all.Count);
        Assert.All(all, e => Assert.Equal(IncidentStore.StreamType, e.Stream.Type));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position));
        // Positions follow history: each incident's events keep their order.
        foreach (var stream in all.GroupBy(e => e.Stream.Id))
        {
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), stream.Select(e => e.Version));
        }

        var checkout = await store.GetAsync(1, default);
        Assert.NotNull(checkout);
        Assert.Equal(("Checkout failing", "SEV-2", IncidentStatus.Investigating), (checkout.Title, checkout.Severity, checkout.Status));
        Assert.Equal("bob", checkout.Roles["comms-lead"]);
        Assert.Equal([4L], checkout.Pinned);
        // The stored rollback checklist (written with the shape of that release) reads into the state.
        var rollback = Assert.Single(checkout.Mitigations);
        Assert.Equal(("v41", true), (rollback.Checklist?.KnownGoodTarget, rollback.Checklist?.IsSafe ?? false));
        Assert.Equal(Incident.Fold(null, await store.ReadAsync(1, 0, 1000, default))!.Version, checkout.Version);
        Assert.Equal(IncidentStatus.Declined, (await store.GetAsync(3, default))!.Status);

        var hidden = await store.ListAsync(new IncidentQuery(), new Viewer("carol", false), default);
        Assert.Equal([1L, 3L], hidden.Items.Select(i => i.Id).Order());
        Assert.Equal(3, (await store.ListAsync(new IncidentQuery(), new Viewer("admin", true), default)).Total);
        Assert.Single((await store.ListAsync(new IncidentQuery { Service = "checkout" }, new Viewer("admin", true), default)).Items);

        var evidence = Assert.Single(await store.ListEvidenceAsync(1, default));
        Assert.Equal((1L, "latency after rollback"), (evidence.Number, evidence.Name));
        var attachedEvent = Assert.Single((await store.ReadAsync(1, 0, 1000, default)).Select(e => e.Event).OfType<EvidenceAttached>());
        Assert.Equal(1L, attachedEvent.Number);
        var content = (await store.GetEvidenceAsync(1, evidence.Number, default))!.Content!;
        Assert.Equal("p99 back to 120 ms", Encoding.UTF8.GetString(content));
        Assert.Equal(evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));

        var deadlines = await new SchedulerStore(database).AllAsync(default);
        Assert.Equal(["incident:1:guardrails", "incident:2:guardrails"], deadlines.Select(j => j.Key).Order());

        var users = new UserStore(database);
        Assert.Equal(["admin", "bob", "carol"], (await users.ListAsync(default)).Select(u => u.Username).Order());
        var admin = await users.FindByTokenHashAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("fb_fixture_admin_token_0123456789abcdef"))), default);
        Assert.Equal("admin", admin?.Username);

        // The upgraded store takes new events after the old ones.
        var context = new DecisionContext("bob", DateTimeOffset.UtcNow, SeverityScale.Default);
        var appended = await store.AppendAsync(1, checkout.Version, s => Incident.Decide(s, new AddEntry("note", "after the upgrade"), context), "bob", context.Now, default);
        Assert.True(appended.IsSuccess);
        Assert.Equal(checkout.Version + 1, appended.Value.State.Version);
        Assert.True(appended.Value.Events[0].Position > all[^1].Position);
    }

    /// <summary>
    /// That release numbered evidence with one id across all incidents; the upgrade numbers each
    /// incident's evidence 1, 2, 3 … in attachment order, in the kept rows and in how the stored
    /// events read, and new evidence goes on from there.
    /// </summary>
    [SkippableFact]
    public async Task PreviousRelease_EvidenceOfSeveralIncidents_IsNumberedPerIncident()
    {
        await using var database = await OpenPreviousReleaseAsync();
        Skip.If(database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
        // Evidence 1 (INC-1) is in the fixture; that release would have kept 2 on INC-2 and 3 on INC-1 next.
        Assert.Equal(2, await AddPreviousReleaseEvidenceAsync(database, 2, "token-audit.log"));
        Assert.Equal(3, await AddPreviousReleaseEvidenceAsync(database, 1, "error-rate.txt"));
        await database.MigrateAsync(default);
        var store = new IncidentStore(database);
        await store.RebuildAsync(default);

        Assert.Equal([(1L, "latency after rollback"), (2L, "error-rate.txt")], (await store.ListEvidenceAsync(1, default)).Select(e => (e.Number, e.Name)));
        Assert.Equal([(1L, "token-audit.log")], (await store.ListEvidenceAsync(2, default)).Select(e => (e.Number, e.Name)));
        Assert.Equal("error-rate.txt", Encoding.UTF8.GetString((await store.GetEvidenceAsync(1, 2, default))!.Content!));
        Assert.Equal([1L, 2L], (await store.ReadAsync(1, 0, 1000, default)).Select(e => e.Event).OfType<EvidenceAttached>().Select(e => e.Number));
        Assert.Equal([1L], (await store.ReadAsync(2, 0, 1000, default)).Select(e => e.Event).OfType<EvidenceAttached>().Select(e => e.Number));

        var checkout = (await store.GetAsync(1, default))!;
        Assert.Equal(2, checkout.EvidenceCount);
        var context = new DecisionContext("bob", DateTimeOffset.UtcNow, SeverityScale.Default);
        var attached = await store.AttachEvidenceAsync(
            1,
            checkout.Version,
            new NewEvidence(Core.Evidence.EvidenceKind.Text, "after the upgrade", "text/plain", null, [1], "digest", false),
            (state, number) => Incident.Decide(state, new AttachEvidence(number, Core.Evidence.EvidenceKind.Text, "after the upgrade", "digest", 1, null, false), context),
            "bob",
            context.Now,
            default);
        Assert.Equal(3L, Assert.IsType<EvidenceAttached>(attached.Value.Events.Single().Event).Number);
        Assert.Equal([1L, 2L, 3L], (await store.ListEvidenceAsync(1, default)).Select(e => e.Number));
    }

    /// <summary>Keeps a text evidence item on an incident as that release did (row, then event with the row's id); returns the id.</summary>
    private static async Task<long> AddPreviousReleaseEvidenceAsync(Database database, long incident, string name)
    {
        var content = Encoding.UTF8.GetBytes(name);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var connection = await database.OpenAsync(default);
        long id;
        await using (var insert = connection.Command(
                         "INSERT INTO evidence (incident_id, kind, name, content_type, url, size, sha256, content, verification, created_by, created_at) " +
                         "VALUES (@incident, 'text', @name, 'text/plain; charset=utf-8', NULL, @size, @sha, @content, 0, 'admin', '2026-12-02T03:00:00.0000000Z') RETURNING id",
                         null,
                         ("incident", incident),
                         ("name", name),
                         ("size", (long)content.Length),
                         ("sha", sha),
                         ("content", content)))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(default), System.Globalization.CultureInfo.InvariantCulture);
        }

        var data = $$"""{"evidenceId":{{id}},"kind":"text","name":"{{name}}","sha256":"{{sha}}","size":{{content.Length}},"url":null,"verification":false}""";
        await using var append = connection.Command(
            "INSERT INTO incident_events (incident_id, version, type, data, actor, occurred_at) " +
            "SELECT @incident, MAX(version) + 1, 'incident.evidence-attached.v1', @data, 'admin', '2026-12-02T03:00:00.0000000Z' FROM incident_events WHERE incident_id = @incident",
            null,
            ("incident", incident),
            ("data", data));
        await append.ExecuteNonQueryAsync(default);
        return id;
    }

    [SkippableFact]
    public async Task ChangedSnapshotShape_IsRebuiltFromTheEvents_AtStart()
    {
        await using var database = await OpenPreviousReleaseAsync();
        Skip.If(database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
        await database.MigrateAsync(default);
        var store = new IncidentStore(database);
        var before = await store.GetAsync(1, default);
        await using (var connection = await database.OpenAsync(default))
        {
            // A snapshot from an older shape (marked as such), and a read model row that lost its list columns.
            await using var damage = connection.Command(
                "UPDATE snapshot_versions SET version = 0 WHERE name = 'incident'; UPDATE incidents SET state = '', title = '', version = 0 WHERE id = 1; DELETE FROM incident_services",
                null);
            await damage.ExecuteNonQueryAsync(default);
        }

        Assert.Equal(3, await store.EnsureSnapshotsAsync(default));

        var after = await store.GetAsync(1, default);
        Assert.Equal(before, after, new StateComparer());
        Assert.Single((await store.ListAsync(new IncidentQuery { Service = "checkout" }, new Viewer("admin", true), default)).Items);
        Assert.Equal(0, await store.EnsureSnapshotsAsync(default));
    }

    protected static string Fixture(string name) => PreviousRelease.Fixture(name);

    private sealed class StateComparer : IEqualityComparer<IncidentState?>
    {
        public bool Equals(IncidentState? x, IncidentState? y) =>
            x is not null && y is not null && Json(x) == Json(y);

        public int GetHashCode(IncidentState? obj) => 0;

        private static string Json(IncidentState s) => System.Text.Json.JsonSerializer.Serialize(s, s.GetType(), new System.Text.Json.JsonSerializerOptions { WriteIndented = false });
    }
}

public sealed class SqliteUpgradeTests : UpgradeContract
{
    protected override Task<Database?> OpenPreviousReleaseAsync() => PreviousRelease.SqliteAsync();
}

public sealed class PostgresUpgradeTests : UpgradeContract
{
    protected override Task<Database?> OpenPreviousReleaseAsync() => PreviousRelease.PostgresAsync();
}
