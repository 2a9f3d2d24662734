using Firebreak.Server.Access;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Firebreak.Server.Hosting;

/// <summary>
/// Before the server accepts requests: warn when other accounts can get into the data folder, create and migrate the database, rebuild snapshots whose
/// shape changed, start following the change feed, and on an empty one create the first admin. Once listening, say where and how to sign in.
/// A PostgreSQL server that cannot be reached at start is waited out: the server listens at once (the status page is served from its last
/// snapshot), tries again with a growing pause, and does the rest of this work when it answers (<see cref="DatabaseReadiness"/>).
/// A server that answers but refuses (a wrong password, a failing migration) stops the start, as a SQLite file that cannot be read does.
/// </summary>
internal sealed partial class StartupTasks(
    DataFolder dataFolder,
    Database database,
    IIncidentStore incidents,
    Storage.Reports.IncidentFiguresStore figures,
    ChangeFeed feed,
    AccountService accounts,
    FirebreakOptions options,
    Listeners listeners,
    DatabaseReadiness readiness,
    TimeProvider clock,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupTasks> logger) : IHostedService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    // Never disposed: it has no timer, and the host may call StopAsync after disposing its services.
    private readonly CancellationTokenSource _stopping = new();
    private Task _waiting = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (dataFolder.Warning is { } warning)
        {
            LogDataFolderOpen(warning);
            await Console.Error.WriteLineAsync($"warning: {warning}");
        }

        if (await database.UnreachableAsync(cancellationToken) is { } reason)
        {
            LogDatabaseUnreachable(database.Describe, reason);
            _waiting = Task.Run(() => WaitForDatabaseAsync(reason, _stopping.Token), CancellationToken.None);
            lifetime.ApplicationStarted.Register(() => Announce(null, waiting: reason));
            return;
        }

        var bootstrap = await PrepareAsync(cancellationToken);
        lifetime.ApplicationStarted.Register(() => Announce(bootstrap, waiting: null));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _waiting.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<BootstrapResult?> PrepareAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        if (await incidents.EnsureSnapshotsAsync(cancellationToken) is > 0 and var rebuilt)
        {
            Console.WriteLine($"Rebuilt {rebuilt} incident snapshots from their events (their stored shape had changed).");
        }

        _ = await figures.EnsureAsync(cancellationToken);
        await feed.StartAsync(cancellationToken);
        var bootstrap = await accounts.BootstrapAsync(options.BootstrapAdminToken, cancellationToken);
        readiness.MarkReady();
        return bootstrap;
    }

    private async Task WaitForDatabaseAsync(string reason, CancellationToken stopping)
    {
        var pause = FirstPause;
        var said = reason;
        while (true)
        {
            await Task.Delay(pause, clock, stopping);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            try
            {
                if (await database.UnreachableAsync(stopping) is { } still)
                {
                    if (still != said)
                    {
                        LogDatabaseUnreachable(database.Describe, still);
                        said = still;
                    }

                    continue;
                }

                var bootstrap = await PrepareAsync(stopping);
                LogDatabaseReady(database.Describe);
                Console.WriteLine($"The database answers ({database.Describe}): Firebreak is ready.");
                AnnounceBootstrap(bootstrap);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (database.IsUnreachable(e))
            {
                // Gone again between the check and the migrations: keep waiting.
                if (e.Message != said)
                {
                    LogDatabaseUnreachable(database.Describe, e.Message);
                    said = e.Message;
                }
            }
            catch (Exception e)
            {
                var failure = $"The database answers but the start could not finish: {e.Message}";
                LogStartFailed(failure);
                await Console.Error.WriteLineAsync($"error: {failure}");
                readiness.MarkFailed(failure);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private void Announce(BootstrapResult? bootstrap, string? waiting)
    {
        IEnumerable<string> addresses = listeners.HasStatus ? listeners.Main : server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? options.Urls;
        Console.WriteLine($"Firebreak is listening on {string.Join(", ", addresses.DefaultIfEmpty(url))}");
        if (listeners.HasStatus)
        {
            Console.WriteLine($"Public status page on {string.Join(", ", listeners.Status)} (only /status, its feed and /api/v2 answer there)");
        }

        Console.WriteLine($"Data: {database.Describe}");
        if (waiting is not null)
        {
            Console.WriteLine($"The database cannot be reached ({waiting}); the status page is served from its last snapshot, other routes answer 503, and the connection is retried.");
        }

        AnnounceBootstrap(bootstrap);
        Console.WriteLine($"Sign in from the CLI: firebreak login {url} --user admin   (or open {url}/openapi/v1.json for the API)");
    }

    private static void AnnounceBootstrap(BootstrapResult? bootstrap)
    {
        if (bootstrap is { Password: { } password })
        {
            Console.WriteLine();
            Console.WriteLine("Created the first account: admin. Its password is shown only this once:");
            Console.WriteLine($"    {password}");
            Console.WriteLine();
        }
        else if (bootstrap is not null)
        {
            Console.WriteLine("Created the first account: admin, signing in with the token from FIREBREAK_BOOTSTRAP_ADMIN_TOKEN.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogDataFolderOpen(string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database {Database} cannot be reached ({Reason}); serving the status page from its last snapshot and retrying")]
    private partial void LogDatabaseUnreachable(string database, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database {Database} answers: migrated and ready")]
    private partial void LogDatabaseReady(string database);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Failure}")]
    private partial void LogStartFailed(string failure);
}
