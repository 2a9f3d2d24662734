using Firebreak.Storage;
using Firebreak.Testing;

namespace Firebreak.Storage.Tests;

/// <summary>
/// The contract suites run once per engine: each test gets a fresh, migrated database. The
/// PostgreSQL run needs the server the test script starts, and is reported as skipped without it.
/// </summary>
public abstract class EngineContract : IAsyncLifetime
{
    private Database? _database;

    protected abstract Engine Engine { get; }

    protected Database Database => _database ?? throw new InvalidOperationException("No database.");

    public async Task InitializeAsync()
    {
        if (Engine == Engine.Postgres && TestDatabases.PostgresAdminConnection is null)
        {
            return;
        }

        _database = await TestDatabases.CreateAsync(Engine);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Call first in every contract test.</summary>
    protected void RequireEngine() =>
        Skip.If(_database is null, "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).");
}
