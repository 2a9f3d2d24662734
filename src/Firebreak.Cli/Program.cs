using System.CommandLine;
using Firebreak.Cli;
using Firebreak.Cli.Access;
using Firebreak.Cli.Evidence;
using Firebreak.Cli.Incidents;
using Firebreak.Cli.Investigation;
using Firebreak.Cli.Mitigations;
using Firebreak.Cli.Notifications;
using Firebreak.Cli.Operations;
using Firebreak.Cli.Postmortems;
using Firebreak.Cli.Serve;
using Firebreak.Cli.StatusPage;
using Firebreak.Cli.Audit;
using Firebreak.Cli.Changes;
using Firebreak.Cli.Triage;
using Firebreak.Cli.Updates;
using Firebreak.Cli.Verification;

var root = new RootCommand("Firebreak: incident response. 'firebreak serve' runs the server; every other verb talks to one.");
GlobalOptions.AddTo(root);
root.Subcommands.Add(ServeCommand.Create());
Command[] verbs =
[
    .. AccessCommands.Create(),
    .. IncidentCommands.Create(),
    .. TriageCommands.Create(),
    .. UpdateCommands.Create(),
    .. StatusPageCommands.Create(),
    .. MitigationCommands.Create(),
    .. InvestigationCommands.Create(),
    .. EvidenceCommands.Create(),
    .. CheckCommands.Create(),
    .. ChangeCommands.Create(),
    .. NotificationCommands.Create(),
    .. PostmortemCommands.Create(),
    .. ActionCommands.Create(),
    .. AdminCommands.Create(),
    AuditCommand.Create(),
    Firebreak.Cli.Reports.ReportCommands.Create(),
    .. Firebreak.Cli.Alerts.AlertCommands.Create(),
];

// 'firebreak --help' lists the verbs in the order they are added, and it has always listed evidence
// between the two investigation verbs.
string[] listedLast = ["hypothesis", "evidence", "checklist"];
foreach (var command in verbs.OrderBy(c => Array.IndexOf(listedLast, c.Name)))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
