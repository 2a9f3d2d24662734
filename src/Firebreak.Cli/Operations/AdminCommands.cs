using System.CommandLine;
using System.Globalization;

namespace Firebreak.Cli.Operations;

/// <summary>`firebreak admin`: what an operator asks of a running server (admin accounts only).</summary>
public static class AdminCommands
{
    public static IEnumerable<Command> Create()
    {
        var admin = new Command("admin", "Operate the server (admin): its counters, and rebuilding the incidents' read models from their events");
        admin.Subcommands.Add(Stats());
        admin.Subcommands.Add(Rebuild());
        yield return admin;
    }

    private static Command Stats()
    {
        var command = new Command("stats", "Show the server's counters since it started: SQL commands sent, the change feed's position, open live timelines");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (stats, raw) = await client.GetStatsAsync(ct);
            Output.Write(parse, raw, () => string.Create(
                CultureInfo.InvariantCulture,
                $"SQL commands sent: {stats.DatabaseCommands}\nChange feed position: {stats.FeedPosition}\nOpen live timelines: {stats.LiveTimelines}"));
        });
        return command;
    }

    private static Command Rebuild()
    {
        var command = new Command("rebuild", "Fold every incident's events again and rewrite its read model and snapshot; the events are not touched");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (rebuilt, raw) = await client.RebuildAsync(ct);
            Output.Write(parse, raw, () => string.Create(CultureInfo.InvariantCulture, $"Rebuilt {rebuilt.Rebuilt} incidents from their events."));
        });
        return command;
    }
}
