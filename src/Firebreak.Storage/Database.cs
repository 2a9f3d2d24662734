using System.Data.Common;

namespace Firebreak.Storage;

/// <summary>Which database engine holds the data.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// One database, either engine. The stores write portable SQL through it; the few differences
/// between engines (row locks, write serialisation, migrations) live in the two subclasses.
/// </summary>
public abstract class Database : IAsyncDisposable
{
    public abstract Engine Engine { get; }

    /// <summary>A human-readable description for start-up output; never contains a password.</summary>
    public abstract string Describe { get; }

    /// <summary>Appended to a SELECT that reads a row about to be changed.</summary>
    public string ForUpdate => Engine == Engine.Postgres ? " FOR UPDATE" : string.Empty;

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection with a write transaction; dispose without commit to roll back.</summary>
    public virtual async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return new WriteScope(connection, transaction, release: null);
    }

    /// <summary>Creates the schema on an empty database and applies pending migrations.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => Migrator.MigrateAsync(this, cancellationToken);

    /// <summary>
    /// Null when a connection opens; otherwise why not, when it is a cause to wait out (nothing listens at the
    /// address, a timeout, a server starting up, shutting down or refusing connections for now), in words that hold
    /// no secret. Any other failure (a wrong password, a database that does not exist) is thrown. A SQLite file is
    /// on this machine: whatever goes wrong with it is for the operator to fix, so it is never waited out.
    /// </summary>
    public virtual Task<string?> UnreachableAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Whether the exception says the server could not be reached (see <see cref="UnreachableAsync"/>), not that it refused what was asked.</summary>
    public virtual bool IsUnreachable(Exception exception) => false;

    /// <summary>Picks the engine from the connection setting: a PostgreSQL connection string, or else a SQLite file in the data folder.</summary>
    public static Database Create(string? connectionString, string dataDirectory) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? new SqliteDatabase(Path.Combine(dataDirectory, "firebreak.db"))
            : connectionString.Contains('=', StringComparison.Ordinal) && !connectionString.StartsWith("Data Source", StringComparison.OrdinalIgnoreCase)
                ? new PostgresDatabase(connectionString)
                : new SqliteDatabase(connectionString.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? connectionString["Data Source=".Length..] : connectionString);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A connection with an open write transaction.</summary>
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, Action? release) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>
    /// SQL sent in front of the next command, in the same round trip (a batch's savepoint on
    /// PostgreSQL); <see cref="TakePrefix"/> says whether any command took it.
    /// </summary>
    internal string? Prefix { get; set; }

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var prefix = Prefix;
        Prefix = null;
        return Connection.Command(prefix is null ? sql : prefix + sql, Transaction, parameters);
    }

    /// <summary>The prefix no command has taken yet (and clears it), or null once one did.</summary>
    internal string? TakePrefix()
    {
        var prefix = Prefix;
        Prefix = null;
        return prefix;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            release?.Invoke();
        }
    }
}
