using System.Globalization;
using System.Reflection;

namespace Firebreak.Storage;

/// <summary>
/// Applies the versioned SQL files under Migrations/{engine}/ in order, each in its own transaction,
/// forward only. On PostgreSQL an advisory lock keeps two starting nodes from migrating at once.
/// </summary>
internal static class Migrator
{
    private const long PostgresMigrationLock = 0x46697265_0001;

    public static async Task MigrateAsync(Database database, CancellationToken cancellationToken)
    {
        if (database is SqliteDatabase sqlite)
        {
            await sqlite.PrepareFileAsync(cancellationToken);
        }

        foreach (var (version, sql) in Scripts(database.Engine))
        {
            await using var scope = await database.BeginWriteAsync(cancellationToken);
            if (database.Engine == Engine.Postgres)
            {
                await using var lockCommand = scope.Command($"SELECT pg_advisory_xact_lock({PostgresMigrationLock})");
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var create = scope.Command("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var check = scope.Command("SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ("v", version)))
            {
                if (await check.ScalarInt64Async(cancellationToken) > 0)
                {
                    continue;
                }
            }

            await using (var apply = scope.Command(sql))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = scope.Command(
                             "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, CAST(CURRENT_TIMESTAMP AS TEXT))",
                             ("v", version)))
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await scope.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The highest migration version shipped for an engine.</summary>
    public static int LatestVersion(Engine engine) => Scripts(engine).Max(s => s.Version);

    private static IEnumerable<(int Version, string Sql)> Scripts(Engine engine)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{engine}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: int.Parse(n[prefix.Length..].Split('_')[0], CultureInfo.InvariantCulture), Sql: Read(assembly, n)))
            .OrderBy(s => s.Version);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
