using System.CommandLine;
using Firebreak.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Firebreak.Cli.Serve;

/// <summary>`firebreak serve`: the whole server in this process.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {FirebreakOptions.DefaultUrls}; env FIREBREAK__URLS)" };
        var data = new Option<string?>("--data") { Description = "Data folder for the SQLite database (default ./data; env FIREBREAK__DATA)" };
        var database = new Option<string?>("--database") { Description = "PostgreSQL connection string, e.g. \"Host=db;Username=firebreak;Password=…;Database=firebreak\" (env FIREBREAK__DATABASE)" };
        var command = new Command("serve", "Run the Firebreak server (web, API, scheduler) on SQLite by default") { urls, data, database };
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string>();
            Forward(args, "--urls", parse.GetValue(urls));
            Forward(args, "--data", parse.GetValue(data));
            Forward(args, "--database", parse.GetValue(database));
            await using var app = FirebreakApp.Build([.. args]);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
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
