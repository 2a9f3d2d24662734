using System.Security.Cryptography;
using System.Text;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Access;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;
using Firebreak.Testing;
using Npgsql;

namespace Firebreak.Storage.Tests.Upgrade;

/// <summary>
/// A database written by the previous release (Fixtures/, made by make-fixtures.sh with that release's
/// executable: three incidents, one of them private and one declined, evidence, scheduled deadlines,
/// users and tokens) upgrades in place on start and keeps every event.
/// </summary>
public abstract class UpgradeContract
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Upgrade", "Fixtures");

    protected abstract Task<Database?> OpenPreviousReleaseAsync();

    [SkippableFact]
    public async Task PreviousRelease_UpgradesInPlace_AndKeepsEveryEvent()
    {
        await using var database = await OpenPreviousReleaseAsync();
        Skip.If(database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
        await database.MigrateAsync(default);
        var store = new IncidentStore(database);
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
        var content = (await store.GetEvidenceAsync(1, evidence.Id, default))!.Content!;
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

    protected static string Fixture(string name) => Path.Combine(Fixtures, name);

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
    protected override async Task<Database?> OpenPreviousReleaseAsync()
    {
        var path = Path.Combine(TestDatabases.TempDirectory(), "firebreak.db");
        File.Copy(Fixture("release-0.1.db"), path);
        await Task.CompletedTask;
        return new SqliteDatabase(path);
    }
}

public sealed class PostgresUpgradeTests : UpgradeContract
{
    protected override async Task<Database?> OpenPreviousReleaseAsync()
    {
        if (TestDatabases.PostgresAdminConnection is null)
        {
            return null;
        }

        var connection = await TestDatabases.NewPostgresDatabaseAsync();
        await using (var restore = new NpgsqlConnection(connection))
        {
            await restore.OpenAsync();
            await using var script = new NpgsqlCommand(await File.ReadAllTextAsync(Fixture("release-0.1-postgres.sql")), restore);
            await script.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(connection);
    }
}
