using System.CommandLine;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Investigation;
using Firebreak.Core.Investigation;

namespace Firebreak.Cli.Investigation;

/// <summary>
/// hypothesis, checklist: which suspicions were confirmed or ruled out and which checklist items are
/// done, recorded on the incident so the next responder does not repeat them.
/// </summary>
public static class InvestigationCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Hypothesis();
        yield return Checklist();
    }

    private static Command Hypothesis()
    {
        var entry = NumberArgument.Long("entry", "The hypothesis entry's number (#N in 'show')");
        var status = new Argument<string>("status") { Description = "open, confirmed or rejected" };
        return IncidentVerb.Create("hypothesis", "Confirm, reject or reopen a hypothesis",
            (client, incident, p, options, ct) => client.SetHypothesisAsync(incident, p.GetValue(entry), new HypothesisRequest { Status = p.GetValue(status) }, options, ct), entry, status);
    }

    private static Command Checklist()
    {
        var name = new Argument<string>("checklist") { Description = "The checklist's name: usual-suspects, security" };
        var item = NumberArgument.Int("item", "The item's number");
        return IncidentVerb.Create("checklist", "Tick an item of an incident checklist",
            (client, incident, p, options, ct) => client.TickChecklistItemAsync(incident, p.GetValue(name)!, p.GetValue(item), options, ct), name, item);
    }
}
