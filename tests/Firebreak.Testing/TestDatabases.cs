using Firebreak.Storage;
using Npgsql;

namespace Firebreak.Testing;

/// <summary>Fresh, real databases for tests: a temporary SQLite file, or a new database on the test PostgreSQL server.</summary>
public static class TestDatabases
{
    public static string? PostgresAdminConnection =>
        Environment.GetEnvironmentVariable("FIREBREAK_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    public static string TempDirectory()
    {
        // 0700, as the server makes a data folder: one it finds open to other accounts gets a warning at start.
        var path = Path.Combine(Path.GetTempPath(), "firebreak-tests", Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    public static async Task<Database> SqliteAsync()
    {
        var database = new SqliteDatabase(Path.Combine(TempDirectory(), "firebreak.db"));
        await database.MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var admin = PostgresAdminConnection ?? throw new InvalidOperationException("FIREBREAK_TEST_POSTGRES is not set.");
        var name = "fb_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public static async Task<Database> PostgresAsync()
    {
        var database = new PostgresDatabase(await NewPostgresDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        return database;
    }

    public static Task<Database> CreateAsync(Engine engine) => engine == Engine.Sqlite ? SqliteAsync() : PostgresAsync();
}
