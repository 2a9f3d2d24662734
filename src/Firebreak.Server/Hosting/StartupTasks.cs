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
/// </summary>
internal sealed partial class StartupTasks(
    DataFolder dataFolder,
    Database database,
    IIncidentStore incidents,
    ChangeFeed feed,
    AccountService accounts,
    FirebreakOptions options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (dataFolder.Warning is { } warning)
        {
            LogDataFolderOpen(warning);
            await Console.Error.WriteLineAsync($"warning: {warning}");
        }

        await database.MigrateAsync(cancellationToken);
        if (await incidents.EnsureSnapshotsAsync(cancellationToken) is > 0 and var rebuilt)
        {
            Console.WriteLine($"Rebuilt {rebuilt} incident snapshots from their events (their stored shape had changed).");
        }

        await feed.StartAsync(cancellationToken);
        var bootstrap = await accounts.BootstrapAsync(options.BootstrapAdminToken, cancellationToken);
        lifetime.ApplicationStarted.Register(() => Announce(bootstrap));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce(BootstrapResult? bootstrap)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? options.Urls;
        Console.WriteLine($"Firebreak is listening on {string.Join(", ", addresses.DefaultIfEmpty(url))}");
        Console.WriteLine($"Data: {database.Describe}");
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

        Console.WriteLine($"Sign in from the CLI: firebreak login {url} --user admin   (or open {url}/openapi/v1.json for the API)");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogDataFolderOpen(string warning);
}
