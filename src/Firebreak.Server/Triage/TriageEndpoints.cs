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

namespace Firebreak.Server.Triage;

/// <summary>The severity levels in force, and triage: a suggested severity from the answers.</summary>
public static class TriageEndpoints
{
    public static void MapTriage(this RouteGroupBuilder api)
    {
        api.MapGet("/severities", (IncidentService incidents) =>
                Results.Json([.. incidents.Config.Severities.Levels.Select(SeverityDto.From)], ApiJson.Default.ListSeverityDto))
            .WithTags("Triage").Produces<List<SeverityDto>>()
            .WithSummary("The severity levels in force and their policies (response target, update cadence, roles, monitoring window).");

        api.MapPost("/triage", async (HttpContext http, IncidentService incidents, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(http, ApiJson.Default.TriageRequest, ct);
                if (!body.IsSuccess)
                {
                    return Problems.From(body.Error!);
                }

                var answers = body.Value.ToAnswers(fieldPrefix: string.Empty);
                return answers.IsSuccess
                    ? Results.Json(incidents.Triage(answers.Value), ApiJson.Default.TriageSuggestion)
                    : Problems.From(answers.Error!);
            })
            .WithTags("Triage").Accepts<TriageRequest>("application/json").Produces<TriageSuggestion>().ProducesProblem(400)
            .WithSummary("Suggest a severity from the triage answers (unknown answers count as the worse case).");
    }
}
