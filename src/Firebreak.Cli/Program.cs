using System.CommandLine;
using Firebreak.Cli;
using Firebreak.Cli.Access;
using Firebreak.Cli.Incidents;
using Firebreak.Cli.Serve;

var root = new RootCommand("Firebreak: incident response. 'firebreak serve' runs the server; every other verb talks to one.");
GlobalOptions.AddTo(root);
root.Subcommands.Add(ServeCommand.Create());
foreach (var command in AccessCommands.Create())
{
    root.Subcommands.Add(command);
}

foreach (var command in IncidentCommands.Create().Concat(ProcessCommands.Create()))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
