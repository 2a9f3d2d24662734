using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;
using Firebreak.Server.Access;
using Firebreak.Server.Http;

namespace Firebreak.Server.Postmortems;

/// <summary>
/// /api/v1/incidents/{id}/postmortem, /api/v1/postmortems and /api/v1/actions: read and write the
/// postmortem (sections, five whys, timeline curation, review, publish), export it, and keep its action items.
/// </summary>
public static class PostmortemEndpoints
{
    public static void MapPostmortems(this RouteGroupBuilder api)
    {
        var postmortem = api.MapGroup("/incidents/{id}/postmortem").WithTags("Postmortems");
        postmortem.MapGet("", Get)
            .Produces<PostmortemDto>().ProducesProblem(404)
            .WithSummary("The incident's postmortem: sections, computed figures, curated timeline, language findings, what holds publishing back, action items. The ETag is its version.");
        postmortem.MapPost("", Create)
            .RequireAuthorization(AccessModule.Write)
            .Produces<PostmortemDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Open the postmortem of a resolved incident on demand (a severity that requires one opens it by itself at resolve).");
        postmortem.MapPut("/sections/{section}", EditSection)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<EditSectionRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Write a section's Markdown whole (If-Match: the version you read, so a concurrent edit is a 412, not an overwrite).");
        postmortem.MapPost("/timeline", Curate)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<CurateTimelineRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Take a timeline entry in or out of the postmortem's timeline: entry, included.");
        postmortem.MapPut("/whys", Whys)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<SetWhysRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Set the five whys as a chain: [{question, answer}, …].");
        postmortem.MapPut("/tags", CauseTags)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<SetCauseTagsRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Set the root-cause tags whole (retry-storm, expired-cert, …): the learning report counts a repeat when an earlier incident on the same service shares one. Allowed after publishing.");
        postmortem.MapPost("/review", Review)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<RequestReviewRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Send it to review by the named reviewers.");
        postmortem.MapPost("/publish", Publish)
            .RequireAuthorization(AccessModule.Write)
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Publish: refused, with each missing part named, until the review was asked for, every required section is written, no blaming language stands and the action items are complete.");
        postmortem.MapPost("/reopen", Reopen)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ReasonRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Take it back to draft, with a reason.");
        postmortem.MapPost("/findings/dismiss", Dismiss)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<DismissFindingRequest>("application/json")
            .Produces<PostmortemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Judge a language finding not blaming (by its key), with a reason.");
        postmortem.MapGet("/export", Export)
            .Produces<string>(200, "text/markdown", "text/html").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The postmortem as one document: format=markdown (the default) or html (standalone).");
        postmortem.MapPost("/actions", CreateAction)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ActionItemRequest>("application/json")
            .Produces<ActionItemDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Add an action item: title, owner, due (YYYY-MM-DD), type (prevent, detect, mitigate), priority, description.");

        api.MapGet("/postmortems", List).WithTags("Postmortems")
            .Produces<PostmortemListDto>()
            .WithSummary("Every postmortem you can see, newest incident first, with whether it is overdue.");

        var actions = api.MapGroup("/actions").WithTags("Postmortems");
        actions.MapGet("", ListActions)
            .Produces<ActionListDto>().ProducesProblem(400)
            .WithSummary("Action items, open ones unless all=true: owner (a username, or me), overdue=true, service, team, incident.");
        actions.MapGet("/{actionId}", GetAction)
            .Produces<ActionItemDto>().ProducesProblem(404)
            .WithSummary("One action item (ACT-7 or 7); the ETag is its version.");
        actions.MapPatch("/{actionId}", UpdateAction)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ActionItemRequest>("application/json")
            .Produces<ActionItemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Change an action item's fields; a field left out stays, an empty text clears it (If-Match: its version).");
        actions.MapPost("/{actionId}/status", ActionStatus)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ActionStatusRequest>("application/json")
            .Produces<ActionItemDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Move an action item: open, in_progress, done, or wont_do with a reason.");
        actions.MapPost("/{actionId}/push", PushAction)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<PushActionRequest>("application/json")
            .Produces<ActionItemDto>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Push an action item to an external tracker from postmortems.trackers (a signed webhook, GitHub Issues or Jira); sent through the outbox, the tracker's key and URL come back onto the item.");
    }

    private static async Task<IResult> PushAction(string actionId, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.PushActionRequest, ct);
        return body.IsSuccess
            ? ActionAnswer(http, await service.PushActionAsync(http.User.Actor(), actionId, body.Value.Tracker, ct), clock, StatusCodes.Status202Accepted)
            : Problems.From(body.Error!);
    }

    private static async Task<IResult> Get(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        return Answer(http, await service.GetAsync(http.User.Actor(), incidentId, ct), clock);
    }

    private static async Task<IResult> Create(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var created = await service.CreateAsync(http.User.Actor(), incidentId, ct);
        if (!created.IsSuccess)
        {
            return Problems.From(created.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(created.Value.State.Version);
        return Results.Json(PostmortemDto.Of(created.Value, clock.GetUtcNow()), PostmortemJson.Default.PostmortemDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> EditSection(string id, string section, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.EditSectionRequest, ct);
        return body.IsSuccess
            ? await ChangeAsync(http, id, new Core.Postmortems.EditSection(section, body.Value.Text ?? string.Empty), service, clock, ct)
            : Problems.From(body.Error!);
    }

    private static async Task<IResult> Curate(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.CurateTimelineRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, body.Value.ToCommand(), service, clock, ct) : Problems.From(body.Error!);
    }

    private static async Task<IResult> Whys(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.SetWhysRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, body.Value.ToCommand(), service, clock, ct) : Problems.From(body.Error!);
    }

    private static async Task<IResult> CauseTags(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.SetCauseTagsRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, body.Value.ToCommand(), service, clock, ct) : Problems.From(body.Error!);
    }

    private static async Task<IResult> Review(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.RequestReviewRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, body.Value.ToCommand(), service, clock, ct) : Problems.From(body.Error!);
    }

    private static Task<IResult> Publish(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(http, id, new PublishPostmortem(), service, clock, ct);

    private static async Task<IResult> Reopen(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.ReasonRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, new ReopenPostmortem(body.Value.Reason), service, clock, ct) : Problems.From(body.Error!);
    }

    private static async Task<IResult> Dismiss(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.DismissFindingRequest, ct);
        return body.IsSuccess ? await ChangeAsync(http, id, body.Value.ToCommand(), service, clock, ct) : Problems.From(body.Error!);
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, string id, IPostmortemCommand command, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var expected = Expected(http);
        if (!expected.IsSuccess)
        {
            return Problems.From(expected.Error!);
        }

        return Answer(http, await service.ChangeAsync(http.User.Actor(), incidentId, expected.Value, command, ct), clock);
    }

    private static Result<long?> Expected(HttpContext http)
    {
        var read = IfMatch.Read(http.Request);
        return read.IsSuccess ? read : new Invalid("If-Match", "If-Match is the version you read (the ETag), for example \"7\".");
    }

    private static IResult Answer(HttpContext http, Result<PostmortemView> outcome, TimeProvider clock)
    {
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(outcome.Value.State.Version);
        return Results.Json(PostmortemDto.Of(outcome.Value, clock.GetUtcNow()), PostmortemJson.Default.PostmortemDto);
    }

    private static async Task<IResult> Export(string id, string? format, HttpContext http, PostmortemService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var kind = (format ?? "markdown").Trim().ToLowerInvariant();
        if (kind is not ("markdown" or "md" or "html"))
        {
            return Problems.Invalid("format", $"'{Text.Clip(format ?? string.Empty, 20)}' is not a format: use markdown or html.");
        }

        var view = await service.GetAsync(http.User.Actor(), incidentId, ct);
        if (!view.IsSuccess)
        {
            return Problems.From(view.Error!);
        }

        var markdown = PostmortemMarkdown.Render(view.Value.State, view.Value.Facts, view.Value.Timeline, view.Value.Actions);
        var name = $"postmortem-{view.Value.State.Key}";
        if (kind == "html")
        {
            http.Response.Headers.ContentSecurityPolicy = PostmortemHtml.DocumentPolicy;
            http.Response.Headers.ContentDisposition = $"inline; filename=\"{name}.html\"";
            return Results.Text(PostmortemHtml.Document($"Postmortem: {view.Value.State.Title} ({view.Value.State.Key})", markdown), "text/html; charset=utf-8");
        }

        http.Response.Headers.ContentDisposition = $"inline; filename=\"{name}.md\"";
        return Results.Text(markdown, "text/markdown; charset=utf-8");
    }

    private static async Task<IResult> List(HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var listed = await service.ListAsync(http.User.Actor(), ct);
        return Results.Json(
            new PostmortemListDto([.. listed.Select(p => new PostmortemSummaryDto(p.State.Key, p.State.IncidentId, p.State.Title, p.Incident.Severity, WireNames.Of(p.State.Status), p.State.Required, p.State.DueAt, p.State.IsOverdue(now), p.State.Version, p.State.PublishedAt))]),
            PostmortemJson.Default.PostmortemListDto);
    }

    private static async Task<IResult> CreateAction(string id, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.ActionItemRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var created = await service.CreateActionAsync(http.User.Actor(), incidentId, body.Value.ToCreate(), ct);
        return ActionAnswer(http, created, clock, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListActions(string? owner, string? overdue, string? service, string? team, string? incident, string? all, HttpContext http, PostmortemService postmortems, TimeProvider clock, CancellationToken ct)
    {
        long? incidentId = null;
        if (!string.IsNullOrWhiteSpace(incident))
        {
            if (!IncidentKey.TryParse(incident, out var parsed))
            {
                return Problems.From(IncidentKey.NotAnId(incident));
            }

            incidentId = parsed;
        }

        if (Flag("overdue", overdue) is { } badOverdue)
        {
            return badOverdue;
        }

        if (Flag("all", all) is { } badAll)
        {
            return badAll;
        }

        var actor = http.User.Actor();
        var query = new ActionQuery(
            string.Equals(owner, "me", StringComparison.OrdinalIgnoreCase) ? actor.Username : Blank(owner),
            overdue is "true",
            Blank(service),
            Blank(team),
            incidentId,
            all is "true");
        var listed = await postmortems.ListActionsAsync(actor, query, ct);
        if (!listed.IsSuccess)
        {
            return Problems.From(listed.Error!);
        }

        var now = clock.GetUtcNow();
        return Results.Json(new ActionListDto([.. listed.Value.Select(a => ActionItemDto.Of(a, now))]), PostmortemJson.Default.ActionListDto);
    }

    private static IResult? Flag(string name, string? value) =>
        value is null or "true" or "false" ? null : Problems.Invalid(name, $"'{name}' is true or false, not '{Text.Clip(value, 20)}'.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static async Task<IResult> GetAction(string actionId, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct) =>
        ActionAnswer(http, await service.GetActionAsync(http.User.Actor(), actionId, ct), clock);

    private static async Task<IResult> UpdateAction(string actionId, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.ActionItemRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var expected = Expected(http);
        return expected.IsSuccess
            ? ActionAnswer(http, await service.ChangeActionAsync(http.User.Actor(), actionId, expected.Value, body.Value.ToUpdate(), ct), clock)
            : Problems.From(expected.Error!);
    }

    private static async Task<IResult> ActionStatus(string actionId, HttpContext http, PostmortemService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, PostmortemJson.Default.ActionStatusRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var expected = Expected(http);
        return expected.IsSuccess
            ? ActionAnswer(http, await service.ChangeActionAsync(http.User.Actor(), actionId, expected.Value, body.Value.ToCommand(), ct), clock)
            : Problems.From(expected.Error!);
    }

    private static IResult ActionAnswer(HttpContext http, Result<Core.ActionItems.ActionItemState> outcome, TimeProvider clock, int status = StatusCodes.Status200OK)
    {
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(outcome.Value.Version);
        return Results.Json(ActionItemDto.Of(outcome.Value, clock.GetUtcNow()), PostmortemJson.Default.ActionItemDto, statusCode: status);
    }
}
