using System.Data.Common;
using System.Net.Sockets;
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

    public override async Task<string?> UnreachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            // Npgsql's messages name the host and port, never the password.
            return e switch
            {
                PostgresException p => p.MessageText,
                { InnerException: { } inner } => $"{e.Message}: {inner.Message}",
                _ => e.Message,
            };
        }
    }

    // 57P01-03: shut down by an administrator, crashed, starting up; 53300: too many connections;
    // 55000 at connect: the database is not accepting connections now (ALLOW_CONNECTIONS false).
    public override bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "55000",
        NpgsqlException n => n.InnerException is SocketException or IOException or TimeoutException or EndOfStreamException,
        _ => false,
    };

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
