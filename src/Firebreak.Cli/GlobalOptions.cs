using System.CommandLine;
using Firebreak.Cli.Client;

namespace Firebreak.Cli;

/// <summary>Options every client verb understands, and how they become a <see cref="FirebreakClient"/>.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Firebreak server URL (default: the one saved by login, or FIREBREAK_SERVER)",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "API token (default: the one saved by login, or FIREBREAK_TOKEN)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the server's JSON instead of readable text",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(Json);
    }

    public static FirebreakClient Client(ParseResult parse)
    {
        var config = CliConfig.Load();
        var server = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("FIREBREAK_SERVER") ?? config.Server;
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("FIREBREAK_TOKEN") ?? config.Token;
        if (server is null || token is null)
        {
            throw new CliException("Not signed in: run 'firebreak login URL --user NAME' first (or pass --server and --token).");
        }

        return new FirebreakClient(server, token);
    }

    /// <summary>Runs a verb, turning expected failures into one line on stderr and an exit code.</summary>
    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task> action) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await action(parse, ct);
                return 0;
            }
            catch (CliException e)
            {
                var fix = e.Fix is { } action && e.Incident is { } incident && Guardrails.FixCommand.Line(incident, action) is { } line ? $" Do it with: {line}" : string.Empty;
                await Console.Error.WriteLineAsync($"error: {e.Message}{fix}");
                return e.ExitCode;
            }
        });
}
