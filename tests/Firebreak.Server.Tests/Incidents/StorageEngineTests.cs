using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// Key incident scenarios on each storage engine: the default SQLite file, and PostgreSQL (skipped
/// unless FIREBREAK_TEST_POSTGRES names a server, as ./test.sh does).
/// </summary>
public sealed class StorageEngineTests
{
    [Fact]
    public async Task Sqlite_DeclareAndList_WithFilters()
    {
        // Without the scheduler: a SEV-1's usual-suspects checklist would otherwise join its versions counted here.
        await using var factory = new FirebreakFactory { SchedulerLoop = false };
        await Scenarios.DeclareAndListAsync(factory);
    }

    [PostgresFact]
    public async Task Postgres_DeclareAndList_WithFilters()
    {
        await using var factory = new FirebreakFactory(await TestDatabases.NewPostgresDatabaseAsync()) { SchedulerLoop = false };
        await Scenarios.DeclareAndListAsync(factory);
    }

    [Fact]
    public async Task Sqlite_PrivateIncident_IsHiddenFromNonMembers()
    {
        await using var factory = new FirebreakFactory();
        await Scenarios.PrivateIncidentVisibilityAsync(factory);
    }

    [PostgresFact]
    public async Task Postgres_PrivateIncident_IsHiddenFromNonMembers()
    {
        await using var factory = new FirebreakFactory(await TestDatabases.NewPostgresDatabaseAsync());
        await Scenarios.PrivateIncidentVisibilityAsync(factory);
    }
}
