using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Server.Incidents;

namespace Firebreak.Cli.Incidents;

/// <summary>
/// The shape most verbs share, whatever their aspect: one incident command through the client, and
/// the incident printed as it is afterwards.
/// </summary>
internal static class IncidentVerb
{
    /// <summary>
    /// A verb that runs one incident command through the client, given the incident argument and the
    /// --if-version and --override options, and prints the incident as it is afterwards.
    /// </summary>
    internal static Command Create(
        string name,
        string description,
        Func<FirebreakClient, string, ParseResult, CommandOptions, CancellationToken, Task<ApiResponse<IncidentDto>>> run,
        params Symbol[] symbols)
    {
        var incident = IncidentArguments.Incident();
        var command = new Command(name, description) { incident, IncidentArguments.IfVersion, IncidentArguments.Override };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument a:
                    command.Arguments.Add(a);
                    break;
                case Option o:
                    command.Options.Add(o);
                    break;
            }
        }

        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (dto, raw) = await run(client, parse.GetValue(incident)!, parse, IncidentArguments.Options(parse), ct);
            Output.Write(parse, raw, () => IncidentText.Describe(dto));
        });
        return command;
    }
}
