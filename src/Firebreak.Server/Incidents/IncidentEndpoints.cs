using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Evidence;
using Firebreak.Server.Investigation;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Triage;
using Firebreak.Server.Updates;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>/api/v1/incidents: declare, list, show, timeline, and one POST route per command.</summary>
public static class IncidentEndpoints
{
    public static void MapIncidents(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapPost("", Declare)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<DeclareIncidentRequest>("application/json")
            .Produces<IncidentDto>(201).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Declare an incident.");

        incidents.MapGet("", List)
            .Produces<IncidentListDto>().ProducesProblem(400)
            .WithSummary("List incidents, active first. Filters: status, severity (comma-separated), service, q (free text), active, limit (1–200), offset.");

        incidents.MapGet("/{id}", Get)
            .Produces<IncidentDto>().ProducesProblem(404)
            .WithSummary("Show an incident; the ETag header is its version.");

        incidents.MapGet("/{id}/timeline", Timeline)
            .Produces<TimelineDto>().ProducesProblem(404)
            .WithSummary("The incident's timeline in order: after (version cursor), limit (1–10000, default 1000).");

        incidents.MapPost("/{id}/timeline", AddEntry)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<AddEntryRequest>("application/json")
            .Produces<TimelineItemDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Add a timeline entry: note, symptom, hypothesis, action, result, decision or command.");

        MapCommand(incidents, "status", ApiJson.Default.ChangeStatusRequest, r => r.ToCommand(), "Move the status along the lifecycle.");
        MapCommand(incidents, "severity", ApiJson.Default.ChangeSeverityRequest, r => r.ToCommand(), "Upgrade or downgrade, with a reason.");
        MapCommand(incidents, "roles", ApiJson.Default.AssignRoleRequest, r => r.ToCommand(), "Assign a role or hand it off.");
        MapCommand(incidents, "pin", ApiJson.Default.PinRequest, r => r.ToCommand(), "Pin (or unpin with pinned=false) a timeline entry.");
        MapCommand(incidents, "decline", ApiJson.Default.DeclineRequest, r => r.ToCommand(), "Decline a report in triage as a false alarm, with a reason.");
        MapCommand<CommandRequest>(incidents, "join", null, _ => new JoinResponse(), "Join the response as a responder.");
        MapCommand<CommandRequest>(incidents, "leave", null, _ => new LeaveResponse(), "Leave the response.");
        incidents.MapUpdates();
        StatusPage.ImpactEndpoints.MapImpact(incidents);
        incidents.MapMitigations();
        incidents.MapInvestigation();
        incidents.MapEvidence();
    }

    private static async Task<IResult> Declare(HttpContext http, IncidentService incidents, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, ApiJson.Default.DeclareIncidentRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var r = body.Value;
        var triage = r.Triage?.ToAnswers();
        if (triage is { IsSuccess: false })
        {
            return Problems.From(triage.Value.Error!);
        }

        var declared = await incidents.DeclareAsync(
            http.User.Actor(),
            new DeclareIncident(r.Title, r.Severity, r.Summary, r.Impact, r.Services, r.StartedAt, r.Private ?? false, r.Status, r.Commander) { Triage = triage?.Value, Components = r.Components },
            ct);
        if (!declared.IsSuccess)
        {
            return Problems.From(declared.Error!);
        }

        var state = declared.Value.State;
        http.Response.Headers.ETag = IfMatch.ETag(state.Version);
        return Results.Json(incidents.Describe(state, declared.Value.Events), ApiJson.Default.IncidentDto, statusCode: StatusCodes.Status201Created)
            .WithLocation($"/api/v1/incidents/{state.Id}");
    }

    private static async Task<IResult> List(HttpContext http, IncidentService incidents, SeverityScale severities, CancellationToken ct)
    {
        var query = IncidentQuery.Parse(Values(http.Request.Query), severities);
        if (!query.IsSuccess)
        {
            return Problems.From(query.Error!);
        }

        var page = await incidents.ListAsync(http.User.Actor(), query.Value, ct);
        return Results.Json(
            new IncidentListDto([.. page.Items.Select(i => incidents.Describe(i))], page.Total, query.Value.Limit, query.Value.Offset),
            ApiJson.Default.IncidentListDto);
    }

    private static async Task<IResult> Get(string id, HttpContext http, IncidentService incidents, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return UnknownId(id);
        }

        var state = await incidents.GetAsync(http.User.Actor(), incidentId, ct);
        if (!state.IsSuccess)
        {
            return Problems.From(state.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(state.Value.Version);
        return Results.Json(incidents.Describe(state.Value), ApiJson.Default.IncidentDto);
    }

    private static async Task<IResult> Timeline(string id, HttpContext http, IncidentService incidents, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return UnknownId(id);
        }

        var after = IncidentQuery.ReadNumber(Values(http.Request.Query), "after", 0, 0, long.MaxValue);
        var limit = IncidentQuery.ReadNumber(Values(http.Request.Query), "limit", 1000, 1, IncidentService.MaxTimelinePage);
        if ((after.Error ?? limit.Error) is { } error)
        {
            return Problems.From(error);
        }

        var timeline = await incidents.TimelineAsync(http.User.Actor(), incidentId, after.Value, (int)limit.Value, ct);
        return timeline.IsSuccess ? Results.Json(timeline.Value, ApiJson.Default.TimelineDto) : Problems.From(timeline.Error!);
    }

    private static async Task<IResult> AddEntry(string id, HttpContext http, IncidentService incidents, CancellationToken ct)
    {
        var outcome = await RunAsync(id, http, incidents, ApiJson.Default.AddEntryRequest, r => r.ToCommand(), ct);
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error!);
        }

        var (state, events) = outcome.Value;
        http.Response.Headers.ETag = IfMatch.ETag(state.Version);
        var entry = events.First(e => e.Event is TimelineEntryAdded);
        var warnings = incidents.Describe(state, events).Findings.Where(f => events.Any(e => e.Event is Core.Incidents.GuardrailFired g && g.Key == f.Key)).ToList();
        return Results.Json(TimelineItemDto.From(entry, state) with { Findings = warnings, Blame = incidents.BlameOf(entry, state) }, ApiJson.Default.TimelineItemDto, statusCode: StatusCodes.Status201Created)
            .WithLocation($"/api/v1/incidents/{state.Id}/timeline?after={entry.Version - 1}&limit=1");
    }

    /// <summary>Maps POST /incidents/{id}/{path}: reads the body, runs the command, answers with the incident.</summary>
    /// <remarks>
    /// Route values named in <paramref name="numbers"/> must be whole numbers (a mitigation, an entry,
    /// an item): anything else is a 400 that names it, before the command runs. With
    /// <paramref name="bodyOptional"/>, an empty body reads as <c>{}</c> (for steps that need no fields).
    /// </remarks>
    internal static RouteHandlerBuilder MapCommand<TRequest>(
        RouteGroupBuilder incidents,
        string path,
        JsonTypeInfo<TRequest>? type,
        Func<TRequest, HttpContext, IIncidentCommand> toCommand,
        string summary,
        string[]? numbers = null,
        bool bodyOptional = false)
        where TRequest : CommandRequest
    {
        var route = incidents.MapPost($"/{{id}}/{path}", async (string id, HttpContext http, IncidentService service, CancellationToken ct) =>
            {
                foreach (var name in numbers ?? [])
                {
                    if (RouteNumber(http, name) is { } invalid)
                    {
                        return Problems.From(invalid);
                    }
                }

                var outcome = await RunAsync(id, http, service, type, r => toCommand(r, http), ct, bodyOptional);
                return Respond(http, service, outcome);
            })
            .RequireAuthorization(AccessModule.Write)
            .Produces<IncidentDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
            .WithSummary(summary);
        if (type is not null)
        {
            route.Accepts<TRequest>("application/json").ProducesProblem(413);
        }

        return route;
    }

    private static void MapCommand<TRequest>(RouteGroupBuilder incidents, string path, JsonTypeInfo<TRequest>? type, Func<TRequest, IIncidentCommand> toCommand, string summary)
        where TRequest : CommandRequest =>
        MapCommand(incidents, path, type, (r, _) => toCommand(r), summary);

    /// <summary>The incident after a command, with its ETag and the findings the command raised.</summary>
    internal static IResult Respond(HttpContext http, IncidentService service, Result<Appended> outcome)
    {
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(outcome.Value.State.Version);
        return Results.Json(service.Describe(outcome.Value.State, outcome.Value.Events), ApiJson.Default.IncidentDto);
    }

    /// <summary>A route value that must be a whole number: null when it is one, else the error naming it.</summary>
    internal static Invalid? RouteNumber(HttpContext http, string name)
    {
        var value = http.Request.RouteValues[name]?.ToString() ?? string.Empty;
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue
            ? null
            : new Invalid(name, $"The {name} in the path, '{value}', is not a number; use the number the incident shows for it (for example 1).");
    }

    internal static async Task<Result<Appended>> RunAsync<TRequest>(
        string id,
        HttpContext http,
        IncidentService incidents,
        JsonTypeInfo<TRequest>? type,
        Func<TRequest, IIncidentCommand> toCommand,
        CancellationToken ct,
        bool bodyOptional = false)
        where TRequest : CommandRequest
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return IncidentKey.NotAnId(id);
        }

        var expected = IfMatch.Read(http.Request);
        if (!expected.IsSuccess)
        {
            return expected.Error!;
        }

        IIncidentCommand command;
        string? overrideReason = null;
        if (type is null)
        {
            command = toCommand(null!);
        }
        else
        {
            var body = await RequestBody.ReadAsync(http, type, ct, bodyOptional);
            if (!body.IsSuccess)
            {
                return body.Error!;
            }

            command = toCommand(body.Value);
            overrideReason = body.Value.Override;
        }

        return await incidents.ExecuteAsync(http.User.Actor(), incidentId, expected.Value, command, overrideReason, ct);
    }

    private static IResult UnknownId(string id) => Problems.From(IncidentKey.NotAnId(id));

    /// <summary>The query string as the list query reads it: the values given for a name.</summary>
    internal static Func<string, IReadOnlyList<string>> Values(IQueryCollection q) =>
        name => q.TryGetValue(name, out var v) ? [.. v.Select(x => x ?? string.Empty)] : [];
}
