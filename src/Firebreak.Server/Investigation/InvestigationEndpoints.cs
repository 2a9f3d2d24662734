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

namespace Firebreak.Server.Investigation;

/// <summary>Investigating an incident: confirm or reject hypotheses, tick checklist items.</summary>
public static class InvestigationEndpoints
{
    public static void MapInvestigation(this RouteGroupBuilder incidents)
    {
        IncidentEndpoints.MapCommand(
            incidents,
            "hypotheses/{entry}",
            ApiJson.Default.HypothesisRequest,
            (r, http) => r.ToCommand(long.Parse(http.Request.RouteValues["entry"]!.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture)),
            "Confirm, reject or reopen a hypothesis entry.",
            numbers: ["entry"]);

        IncidentEndpoints.MapCommand(
            incidents,
            "checklists/{checklist}/items/{item}",
            ApiJson.Default.ChecklistItemRequest,
            // The item is checked to be a number first (a 400 naming it); Core refuses one outside the checklist's range.
            (_, http) => ChecklistItemRequest.ToCommand(
                http.Request.RouteValues["checklist"]?.ToString(),
                int.Parse(http.Request.RouteValues["item"]!.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture)),
            "Tick an item of an incident checklist (usual-suspects, security).",
            numbers: ["item"],
            bodyOptional: true);
    }
}
