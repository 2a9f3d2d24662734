namespace Firebreak.Server.Hosting;

/// <summary>
/// Whether the database is migrated and the work of the start is done. It is at once, before anything listens,
/// unless PostgreSQL could not be reached at start: then the server listens anyway, serves the status page from its
/// last snapshot, answers every other route 503, and the background work that needs the database waits here.
/// </summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Set when the database came back but the start could not finish (a migration failed): the server stops, and `firebreak serve` exits 1.</summary>
    public string? Failure { get; private set; }

    /// <summary>Returns once the database is ready; throws <see cref="OperationCanceledException"/> when the server stops first.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>For background work: true once the database is ready, false when the server stops first.</summary>
    public async Task<bool> WaitUntilReadyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _ready.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal void MarkReady() => _ready.TrySetResult();

    internal void MarkFailed(string failure) => Failure = failure;
}
