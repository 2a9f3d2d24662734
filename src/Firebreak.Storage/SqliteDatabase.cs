using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage;

/// <summary>
/// The embedded default: one file in WAL mode. SQLite allows one writer at a time, so writers queue
/// on a semaphore here rather than spinning on SQLITE_BUSY; commits are fully synchronous so an
/// acknowledged write survives a crash.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteDatabase(string path)
    {
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    public override Engine Engine => Engine.Sqlite;

    public override string Describe => $"SQLite {FilePath}";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.Command("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", null);
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var connection = await OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, () => _writer.Release());
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>Creates the folder and switches the file to WAL (a persistent setting).</summary>
    internal async Task PrepareFileAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var wal = connection.Command("PRAGMA journal_mode=WAL;", null);
        await wal.ExecuteNonQueryAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}
