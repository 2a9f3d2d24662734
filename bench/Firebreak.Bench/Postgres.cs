using Npgsql;

namespace Firebreak.Bench;

/// <summary>The throwaway PostgreSQL server bench/run.sh started: fresh databases and the settings in force.</summary>
internal sealed class Postgres(string adminConnectionString)
{
    /// <summary>Drops (if present) and creates a database; returns a connection string to it.</summary>
    public async Task<string> FreshDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name}" })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Takes a database away without stopping the server: no new connection is allowed, and every open one is ended.</summary>
    public Task BlockAsync(string database, CancellationToken cancellationToken) =>
        ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();", cancellationToken);

    /// <summary>Gives back a database taken away by <see cref="BlockAsync"/>.</summary>
    public Task AllowAsync(string database, CancellationToken cancellationToken) =>
        ExecuteAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true", cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The server version and the settings that decide durability.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SettingsAsync(CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>();
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections" })
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", admin);
            settings[name] = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return settings;
    }
}
