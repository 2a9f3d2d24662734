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

namespace Firebreak.Server.Updates;

/// <summary>Stakeholder updates on an incident: post one, or draft one from a template.</summary>
public static class UpdateEndpoints
{
    public static void MapUpdates(this RouteGroupBuilder incidents)
    {
        IncidentEndpoints.MapCommand(incidents, "updates", ApiJson.Default.PostUpdateRequest, (r, _) => r.ToCommand(),
            "Post a stakeholder update (internal, or public with its status); it resets the update countdown.");

        incidents.MapGet("/{id}/updates/draft", async (string id, string? template, HttpContext http, IncidentService service, CancellationToken ct) =>
            {
                if (!IncidentKey.TryParse(id, out var incidentId))
                {
                    return Problems.From(IncidentKey.NotAnId(id));
                }

                var draft = await service.DraftUpdateAsync(http.User.Actor(), incidentId, template, ct);
                return draft.IsSuccess ? Results.Json(draft.Value, ApiJson.Default.UpdateDraftDto) : Problems.From(draft.Error!);
            })
            .Produces<UpdateDraftDto>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Draft an update from a template (declared, investigating, identified, monitoring, resolved; default: the one that fits the status).");
    }
}
