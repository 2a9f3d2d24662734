using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Triage;
using Firebreak.Core.Updates;
using Firebreak.Server.Access;
using Firebreak.Server.Hosting;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Mitigations;

/// <summary>Mitigations on an incident: propose one, then approve, start, apply, verify or abandon it.</summary>
public static class MitigationEndpoints
{
    public static void MapMitigations(this RouteGroupBuilder incidents)
    {
        IncidentEndpoints.MapCommand(incidents, "mitigations", ApiJson.Default.ProposeMitigationRequest, (r, _) => r.ToCommand(),
            "Propose a mitigation (rollback with its checklist, feature flag, failover, scale, redirect, rate-limit, hotfix with a rollback plan, other).");

        foreach (var (step, summary) in new[]
                 {
                     (MitigationStep.Approve, "The commander approves a risky mitigation."),
                     (MitigationStep.Start, "Start a mitigation (guardrails: risky-action, no-rollback-plan, unsafe-rollback, two-changes)."),
                     (MitigationStep.Apply, "Mark a mitigation applied."),
                     (MitigationStep.Verify, "Mark a mitigation verified, with a note on how."),
                     (MitigationStep.Abandon, "Abandon a mitigation, with the reason in 'note'."),
                 })
        {
            IncidentEndpoints.MapCommand(
                incidents,
                $"mitigations/{{mitigation}}/{WireNames.Of(step)}",
                ApiJson.Default.MitigationStepRequest,
                (r, http) => r.ToCommand(
                    int.Parse(http.Request.RouteValues["mitigation"]!.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture),
                    step),
                summary,
                numbers: ["mitigation"],
                bodyOptional: true);
        }
    }
}
