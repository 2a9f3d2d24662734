using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;

namespace Firebreak.Server.Changes;

/// <summary>/api/v1/changes (record and list change events) and /api/v1/incidents/{id}/changes (what changed for an incident).</summary>
public static class ChangeEndpoints
{
    public static void MapChanges(this RouteGroupBuilder api)
    {
        var changes = api.MapGroup("/changes").WithTags("Changes");
        changes.MapPost("", Record)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ChangeRequest>("application/json")
            .Produces<Core.Changes.Change>(201).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Record a change event (a deploy, a config change, a flag flip): kind (deploy, config, feature-flag, other), services or service, summary (one line), link (http/https), at (ISO-8601 or how long ago, such as 15m; now by default), source.");
        changes.MapGet("", List)
            .Produces<ChangeListDto>().ProducesProblem(400)
            .WithSummary("Change events, newest first: service (one name or several separated by commas), since and until (ISO-8601, or how long ago such as 24h; since defaults to 24h), limit (100 by default, at most 500).");

        api.MapGet("/incidents/{id}/changes", ForIncident).WithTags("Changes")
            .Produces<IncidentChangesDto>().ProducesProblem(404)
            .WithSummary("What changed: changes to the incident's services from 24 h before its start up to now, newest first, each with its time relative to the start.");
    }

    private static async Task<IResult> Record(HttpContext http, ChangeService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, ChangesJson.Default.ChangeRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var command = body.Value.ToCommand();
        if (!command.IsSuccess)
        {
            return Problems.From(command.Error!);
        }

        var recorded = await service.RecordAsync(http.User.Actor(), command.Value, ct);
        return recorded.IsSuccess
            ? Results.Json(recorded.Value, ChangesJson.Default.Change, statusCode: StatusCodes.Status201Created)
            : Problems.From(recorded.Error!);
    }

    private static async Task<IResult> List(string? service, string? since, string? until, string? limit, ChangeService changes, CancellationToken ct)
    {
        var listed = await changes.ListAsync(service, since, until, limit, ct);
        return listed.IsSuccess
            ? Results.Json(new ChangeListDto(listed.Value.Query.Since, listed.Value.Query.Until, listed.Value.Items), ChangesJson.Default.ChangeListDto)
            : Problems.From(listed.Error!);
    }

    private static async Task<IResult> ForIncident(string id, HttpContext http, ChangeService changes, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var found = await changes.ForIncidentAsync(http.User.Actor(), incidentId, ct);
        return found.IsSuccess
            ? Results.Json(IncidentChangesDto.Of(found.Value.Incident, found.Value.Since, found.Value.Items), ChangesJson.Default.IncidentChangesDto)
            : Problems.From(found.Error!);
    }
}
