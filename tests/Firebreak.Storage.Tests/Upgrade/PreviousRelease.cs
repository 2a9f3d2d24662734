using Firebreak.Testing;
using Npgsql;

namespace Firebreak.Storage.Tests.Upgrade;

/// <summary>A fresh copy of the database the previous release wrote (Fixtures/), on either engine.</summary>
public static class PreviousRelease
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Upgrade", "Fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    public static Task<Database?> SqliteAsync()
    {
        var path = Path.Combine(TestDatabases.TempDirectory(), "firebreak.db");
        File.Copy(Fixture("release-0.1.db"), path);
        return Task.FromResult<Database?>(new SqliteDatabase(path));
    }

    /// <summary>A new PostgreSQL database restored from the previous release's dump; null without a PostgreSQL server.</summary>
    public static async Task<Database?> PostgresAsync()
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
