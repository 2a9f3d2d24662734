using System.Globalization;
using Firebreak.Core.Alerts;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Storage.Alerts;

namespace Firebreak.Server.Alerts;

/// <summary>/api/v1/alert-groups: the groups, newest change first, one with its alerts, and what people do to them.</summary>
public static class AlertEndpoints
{
    public const int MaxLimit = 200;
    public const int MaxAlertPage = 1_000;

    public static void MapAlerts(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/alert-groups").WithTags("Alerts");
        groups.MapGet("", List)
            .Produces<AlertGroupListDto>().ProducesProblem(400)
            .WithSummary("Alert groups, newest change first: status (firing, acknowledged, resolved; comma-separated), service, incident, limit, offset.");
        groups.MapGet("/{id}", Get)
            .Produces<AlertGroupDto>().ProducesProblem(404)
            .WithSummary("One alert group with its alerts (firing first). The ETag is its version.");
        groups.MapGet("/{id}/alerts", Alerts)
            .Produces<AlertPageDto>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Every alert of a group, a page at a time in fingerprint order: after (the nextAfter of the page before; empty for the first), limit (1 to 1000, default 500).");
        groups.MapPost("/{id}/acknowledge", Acknowledge)
            .RequireAuthorization(AccessModule.Write).Accepts<AlertGroupCommandRequest>("application/json")
            .Produces<AlertGroupDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Acknowledge the group: someone has it (a reason is optional).");
        groups.MapPost("/{id}/resolve", Resolve)
            .RequireAuthorization(AccessModule.Write).Accepts<AlertGroupCommandRequest>("application/json")
            .Produces<AlertGroupDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Resolve the group by hand (a reason is optional); an alert that still fires opens it again.");
        groups.MapPost("/{id}/silence", Silence)
            .RequireAuthorization(AccessModule.Write).Accepts<AlertGroupCommandRequest>("application/json")
            .Produces<AlertGroupDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412)
            .WithSummary("Silence the group for a while ('for': 30m, 2h, 1d) with a reason: its alerts are kept but open no incident.");
    }

    public static void MapAlertRules(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/alert-rules").WithTags("Alerts");
        rules.MapGet("/review", Review)
            .Produces<RuleReviewDto>().ProducesProblem(400)
            .WithSummary("The alert-fatigue review of a month (month=YYYY-MM, this one by default): per alert rule, how often it opened groups and fired, how often that led to an incident or a person acknowledging it; noisy rules first.");
        rules.MapPost("/review", Mark)
            .RequireAuthorization(AccessModule.Write).Accepts<RuleMarkRequest>("application/json")
            .Produces<RuleDto>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Mark a rule of the month actionable (someone must act when it fires) or tune (change or drop it), with a note.");
    }

    private static async Task<IResult> Review(string? month, AlertService service, CancellationToken ct)
    {
        var review = await service.RulesAsync(month, ct);
        return review.IsSuccess ? Results.Json(review.Value, AlertJson.Default.RuleReviewDto) : Problems.From(review.Error!);
    }

    private static async Task<IResult> Mark(HttpContext http, AlertService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, AlertJson.Default.RuleMarkRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var marked = await service.MarkRuleAsync(http.User.Actor(), body.Value, ct);
        return marked.IsSuccess ? Results.Json(marked.Value, AlertJson.Default.RuleDto) : Problems.From(marked.Error!);
    }

    /// <summary>Reads a group's name: AG-12 or 12.</summary>
    public static bool TryParseId(string? text, out long id)
    {
        var digits = text is not null && text.StartsWith("AG-", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    private static async Task<IResult> List(HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        var query = Query(http.Request.Query);
        if (!query.IsSuccess)
        {
            return Problems.From(query.Error!);
        }

        var now = clock.GetUtcNow();
        var items = (await service.ListVisibleAsync(http.User.Actor(), query.Value, ct)).Select(g => AlertGroupDto.Of(g.Group, g.Incident, now)).ToList();
        return Results.Json(new AlertGroupListDto(items), AlertJson.Default.AlertGroupListDto);
    }

    /// <summary>The one reading of the list's filters, for the API and the page.</summary>
    public static Result<AlertGroupQuery> Query(IQueryCollection query)
    {
        var statuses = new List<AlertGroupStatus>();
        foreach (var text in query["status"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!WireNames.TryParse<AlertGroupStatus>(text, out var status))
            {
                return new Invalid("status", $"Unknown status '{Text.Clip(text, 40)}': use {string.Join(", ", WireNames.All<AlertGroupStatus>())}.");
            }

            statuses.Add(status);
        }

        long? incident = null;
        if (query["incident"].ToString() is { Length: > 0 } key)
        {
            if (!IncidentKey.TryParse(key, out var id))
            {
                return new Invalid("incident", $"'{Text.Clip(key, 40)}' is not an incident: write INC-7 or 7.");
            }

            incident = id;
        }

        var limit = 50;
        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return new Invalid("limit", $"'limit' is a number from 1 to {MaxLimit}.");
        }

        var offset = 0;
        if (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > 1_000_000))
        {
            return new Invalid("offset", "'offset' is a number from 0.");
        }

        var service = query["service"].ToString();
        return new AlertGroupQuery(statuses, service.Length == 0 ? null : service.Trim(), incident, limit, offset);
    }

    private static async Task<IResult> Get(string id, HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        if (!TryParseId(id, out var groupId))
        {
            return Problems.From(new NotFound($"'{Text.Clip(id, 40)}' is not an alert group: write AG-12 or 12."));
        }

        var found = await service.GetAsync(groupId, ct);
        if (!found.IsSuccess)
        {
            return Problems.From(found.Error!);
        }

        var (group, alerts) = found.Value;
        http.Response.Headers.ETag = IfMatch.ETag(group.Version);
        return Results.Json(AlertGroupDto.Of(group, await service.VisibleIncidentAsync(http.User.Actor(), group, ct), clock.GetUtcNow(), alerts), AlertJson.Default.AlertGroupDto);
    }

    private static async Task<IResult> Alerts(string id, HttpContext http, AlertService service, CancellationToken ct)
    {
        if (!TryParseId(id, out var groupId))
        {
            return Problems.From(new NotFound($"'{Text.Clip(id, 40)}' is not an alert group: write AG-12 or 12."));
        }

        var limit = 500;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxAlertPage))
        {
            return Problems.From(new Invalid("limit", $"'limit' is a number from 1 to {MaxAlertPage}."));
        }

        var after = http.Request.Query["after"].ToString();
        if (after.Length > 200)
        {
            return Problems.From(new Invalid("after", "'after' is the nextAfter of the page before."));
        }

        var page = await service.AlertPageAsync(groupId, after, limit, ct);
        if (!page.IsSuccess)
        {
            return Problems.From(page.Error!);
        }

        var items = page.Value.Select(AlertDto.Of).ToList();
        return Results.Json(new AlertPageDto(items, items.Count == limit ? items[^1].Fingerprint : null), AlertJson.Default.AlertPageDto);
    }

    private static Task<IResult> Acknowledge(string id, HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct) =>
        CommandAsync(id, http, service, clock, r => new AcknowledgeGroup(r.Reason), ct);

    private static Task<IResult> Resolve(string id, HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct) =>
        CommandAsync(id, http, service, clock, r => new ResolveGroup(r.Reason), ct);

    private static Task<IResult> Silence(string id, HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct) =>
        CommandAsync(id, http, service, clock, r => new SilenceGroup(r.For, r.Reason), ct);

    private static async Task<IResult> CommandAsync(string id, HttpContext http, AlertService service, TimeProvider clock, Func<AlertGroupCommandRequest, IAlertGroupCommand> command, CancellationToken ct)
    {
        if (!TryParseId(id, out var groupId))
        {
            return Problems.From(new NotFound($"'{Text.Clip(id, 40)}' is not an alert group: write AG-12 or 12."));
        }

        var expected = IfMatch.Read(http.Request);
        if (!expected.IsSuccess)
        {
            return Problems.From(new Invalid("If-Match", "If-Match is the version you read (the ETag), for example \"7\"."));
        }

        var body = await RequestBody.ReadAsync(http, AlertJson.Default.AlertGroupCommandRequest, ct, emptyIsDefaults: true);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var changed = await service.ChangeAsync(http.User.Actor(), groupId, expected.Value, command(body.Value), ct);
        if (!changed.IsSuccess)
        {
            return Problems.From(changed.Error is Conflict { CurrentVersion: { } current } && expected.Value is not null
                ? new PreconditionFailed(changed.Error.Message, current)
                : changed.Error!);
        }

        http.Response.Headers.ETag = IfMatch.ETag(changed.Value.Version);
        return Results.Json(AlertGroupDto.Of(changed.Value, await service.VisibleIncidentAsync(http.User.Actor(), changed.Value, ct), clock.GetUtcNow()), AlertJson.Default.AlertGroupDto);
    }
}
