using System.CommandLine;
using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Firebreak.Cli.Serve;

/// <summary>`firebreak serve`: the whole server in this process.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {FirebreakOptions.DefaultUrls}; env FIREBREAK__URLS)" };
        var statusUrls = new Option<string?>("--status-urls") { Description = "Listeners of their own for the public status page, e.g. http://0.0.0.0:8080: only /status, its feed and /api/v2 answer there (env FIREBREAK__STATUSURLS)" };
        var data = new Option<string?>("--data") { Description = "Data folder for the SQLite database (default ./data; env FIREBREAK__DATA)" };
        var database = new Option<string?>("--database") { Description = "PostgreSQL connection string, e.g. \"Host=db;Username=firebreak;Password=…;Database=firebreak\" (env FIREBREAK__DATABASE)" };
        var config = new Option<string?>("--config") { Description = "firebreak.yaml with severities, services, guardrails and templates (default ./firebreak.yaml when present; env FIREBREAK__CONFIG)" };
        var command = new Command("serve", "Run the Firebreak server (web, API, scheduler) on SQLite by default") { urls, statusUrls, data, database, config };
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string>();
            Forward(args, "--urls", parse.GetValue(urls));
            Forward(args, "--statusUrls", parse.GetValue(statusUrls));
            Forward(args, "--data", parse.GetValue(data));
            Forward(args, "--database", parse.GetValue(database));
            Forward(args, "--config", parse.GetValue(config));
            WebApplication app;
            try
            {
                app = FirebreakApp.Build([.. args]);
            }
            catch (Exception e) when (e is ConfigException or StartupException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            await using var running = app;
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);

            // The database came back but the start could not finish (a migration failed): said on stderr, and a failed exit.
            return app.Services.GetRequiredService<DatabaseReadiness>().Failure is null ? 0 : 1;
        });
        return command;
    }

    private static void Forward(List<string> args, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            args.Add(name);
            args.Add(value);
        }
    }
}
