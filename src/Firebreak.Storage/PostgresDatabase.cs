using System.Data.Common;
using Npgsql;

namespace Firebreak.Storage;

/// <summary>PostgreSQL for teams that run several nodes; concurrency comes from row locks.</summary>
public sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _describe;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _describe = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override Engine Engine => Engine.Postgres;

    public override string Describe => _describe;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
