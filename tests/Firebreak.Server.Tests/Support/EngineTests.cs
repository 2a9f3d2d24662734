using Firebreak.Storage;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Support;

/// <summary>Where the HTTP tests that run on each storage engine get their server.</summary>
public static class Engines
{
    public const string NoPostgres = "No PostgreSQL server: set FIREBREAK_TEST_POSTGRES (./test.sh starts one).";

    /// <summary>A server on a fresh database of <paramref name="engine"/>, or null when there is no PostgreSQL server to use.</summary>
    public static async Task<FirebreakFactory?> FactoryAsync(Engine engine, Func<string?, FirebreakFactory> create) =>
        engine == Engine.Sqlite ? create(null)
        : TestDatabases.PostgresAdminConnection is null ? null
        : create(await TestDatabases.NewPostgresDatabaseAsync());
}

/// <summary>
/// HTTP tests that run on each storage engine: one derived class per engine, SQLite and PostgreSQL,
/// each test on a fresh server and database. The tests are [SkippableFact]s and [SkippableTheory]s:
/// on PostgreSQL without FIREBREAK_TEST_POSTGRES, the first use of <see cref="Factory"/> or
/// <see cref="Admin"/> reports the test as skipped with the reason.
/// </summary>
public abstract class EngineTests : IAsyncLifetime
{
    private FirebreakFactory? _factory;
    private HttpClient? _admin;

    protected abstract Engine Engine { get; }

    protected FirebreakFactory Factory
    {
        get
        {
            Skip.If(_factory is null, Engines.NoPostgres);
            return _factory!;
        }
    }

    /// <summary>A client signed in as the bootstrap admin.</summary>
    protected HttpClient Admin => _admin ??= Factory.Admin();

    /// <summary>The server to start on the database (null: a temporary SQLite file).</summary>
    protected virtual FirebreakFactory Create(string? database) => new(database);

    public async Task InitializeAsync() => _factory = await Engines.FactoryAsync(Engine, Create);

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
