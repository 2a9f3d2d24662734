using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Many clients writing to one incident at once lose nothing and never collide.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Sqlite_TwentyClients_Appending50EntriesEach_ToOneIncident_RecordsAll1000Contiguously()
    {
        await using var factory = new FirebreakFactory();
        await Scenarios.ConcurrentAppendsToOneIncidentAsync(factory, writers: 20, entriesEach: 50);
    }

    [PostgresFact]
    public async Task Postgres_TwentyClients_Appending50EntriesEach_ToOneIncident_RecordsAll1000Contiguously()
    {
        await using var factory = new FirebreakFactory(await TestDatabases.NewPostgresDatabaseAsync());
        await Scenarios.ConcurrentAppendsToOneIncidentAsync(factory, writers: 20, entriesEach: 50);
    }
}
