using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;
using Npgsql;

namespace Firebreak.Cli.Tests;

/// <summary>`firebreak serve --database "PostgreSQL connection string"` on an empty database.</summary>
public sealed class PostgresServeTests
{
    [PostgresFact]
    public async Task Serve_OnAnEmptyPostgresDatabase_CreatesTheSchemaAndServesTheCli()
    {
        var connectionString = await TestDatabases.NewPostgresDatabaseAsync();
        Assert.Equal(0, await CountTablesAsync(connectionString));

        using var cli = new CliRunner();
        string key;
        await using (var server = await ServerProcess.StartAsync(database: connectionString))
        {
            var output = await server.WaitForOutputAsync("Sign in from the CLI");
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
            Assert.Contains($"Data: PostgreSQL", output, StringComparison.Ordinal);
            Assert.Contains($"/{database}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", output, StringComparison.Ordinal);
            Assert.Equal(4, await CountTablesAsync(connectionString));

            (await cli.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
            var declared = (await cli.RunAsync("declare", "Replica lag on orders", "--sev", "P2", "--service", "orders", "--json")).Succeeded().Json();
            key = declared.GetProperty("key").GetString()!;
            (await cli.RunAsync("log", key, "hypothesis", "vacuum storm")).Succeeded();

            var list = (await cli.RunAsync("list", "--json")).Succeeded().Json();
            Assert.Equal(1, list.GetProperty("total").GetInt64());
            var item = Assert.Single(list.GetProperty("items").EnumerateArray());
            Assert.Equal(key, item.GetProperty("key").GetString());
            Assert.Equal("SEV-3", item.GetProperty("severity").GetString());
            Assert.Equal(3, item.GetProperty("version").GetInt64());
            Assert.Contains(key, (await cli.RunAsync("list", "--service", "orders")).Succeeded().StdOut, StringComparison.Ordinal);
        }

        // A second start on the same database finds the schema and the admin in place.
        await using (var restarted = await ServerProcess.StartAsync(database: connectionString))
        {
            var output = await restarted.WaitForOutputAsync("Sign in from the CLI");
            Assert.DoesNotContain("Created the first account", output, StringComparison.Ordinal);
            var shown = (await cli.RunAsync("show", key, "--server", restarted.Url, "--json")).Succeeded().Json();
            Assert.Equal("Replica lag on orders", shown.GetProperty("incident").GetProperty("title").GetString());
            Assert.Equal("vacuum storm", shown.GetProperty("timeline")[2].GetProperty("text").GetString());
        }
    }

    private static async Task<long> CountTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('incidents', 'events', 'incident_services', 'incident_members')",
            connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
