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

        api.MapPost("/triage", Triage)
            .WithTags("Triage").Accepts<TriageRequest>("application/json").Produces<TriageSuggestion>().ProducesProblem(400)
            .WithSummary("Suggest a severity from the triage answers (unknown answers count as the worse case); with services, the changes to them in the last 24 h are named (recentChanges) and suggest recentChange = yes (suggestedRecentChange).");
    }

    private static async Task<IResult> Triage(HttpContext http, IncidentService incidents, Changes.ChangeService changes, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, ApiJson.Default.TriageRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        return await SuggestAsync(body.Value, string.Empty, incidents, changes, ct);
    }

    /// <summary>The suggestion for a request's answers, with the recent changes to its services: for the API and the declare page alike.</summary>
    public static async Task<IResult> SuggestAsync(TriageRequest request, string fieldPrefix, IncidentService incidents, Changes.ChangeService changes, CancellationToken ct)
    {
        var answers = request.ToAnswers(fieldPrefix);
        if (!answers.IsSuccess)
        {
            return Problems.From(answers.Error!);
        }

        var suggestion = await changes.TriageAsync(incidents.Triage(answers.Value), answers.Value, request.Services ?? [], ct);
        return Results.Json(suggestion, ApiJson.Default.TriageSuggestion);
    }
}
