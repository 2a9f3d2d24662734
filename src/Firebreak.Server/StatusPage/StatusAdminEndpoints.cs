using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Access;
using Firebreak.Server.Http;

namespace Firebreak.Server.StatusPage;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SetComponentStatusRequest
{
    /// <summary>operational, degraded_performance, partial_outage, major_outage, under_maintenance, or automatic to let incidents and maintenance say it.</summary>
    public string? Status { get; set; }

    /// <summary>Required: why (recorded in the audit log).</summary>
    public string? Reason { get; set; }

    public SetComponentStatus ToCommand() => new(Status, Reason);

    public static SetComponentStatusRequest FromForm(Func<string, string?> field) => new() { Status = field("status"), Reason = field("reason") };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CorrectUptimeRequest
{
    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    /// <summary>What the component really was in the period (operational erases down time).</summary>
    public string? Status { get; set; }

    public string? Reason { get; set; }

    public CorrectUptime ToCommand() => new(From, To, Status, Reason);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ScheduleMaintenanceRequest
{
    public string? Title { get; set; }

    /// <summary>What users are told.</summary>
    public string? Message { get; set; }

    /// <summary>The components it takes down (by name).</summary>
    public List<string>? Components { get; set; }

    public DateTimeOffset? StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public ScheduleMaintenance ToCommand() => new(Title, Message, Components, StartsAt, EndsAt);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ProgressMaintenanceRequest
{
    /// <summary>in_progress, verifying or completed.</summary>
    public string? Status { get; set; }

    public string? Message { get; set; }

    public ProgressMaintenance ToCommand() => new(Status, Message);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CancelMaintenanceRequest
{
    public string? Reason { get; set; }

    public CancelMaintenance ToCommand() => new(Reason);
}

/// <summary>A component as admins see it: what the page shows, whether that is set by hand, the corrections of its history.</summary>
public sealed record ComponentDto(
    string Name,
    string? Group,
    string? Description,
    IReadOnlyList<string> Services,
    ComponentStatus Status,
    HandStatus? SetByHand,
    IReadOnlyList<UptimeCorrection> Corrections,
    double? Uptime90Days,
    long Version);

public sealed record ComponentListDto(IReadOnlyList<ComponentDto> Items);

public sealed record MaintenanceDto(
    long Id,
    string Key,
    long Version,
    string Title,
    MaintenanceStatus Status,
    IReadOnlyList<string> Components,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string CreatedBy,
    bool Reminded,
    IReadOnlyList<MaintenanceNote> Notes,
    IReadOnlyList<MaintenanceStatus> Next)
{
    public static MaintenanceDto Of(MaintenanceState m) => new(
        m.Id, m.Key, m.Version, m.Title, m.Status, m.Components, m.StartsAt, m.EndsAt, m.StartedAt, m.CompletedAt, m.CreatedBy, m.Reminded, m.Notes,
        m.IsOver ? [] : Maintenance.Next(m.Status));
}

public sealed record MaintenanceListDto(IReadOnlyList<MaintenanceDto> Items);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SetComponentStatusRequest))]
[JsonSerializable(typeof(CorrectUptimeRequest))]
[JsonSerializable(typeof(ScheduleMaintenanceRequest))]
[JsonSerializable(typeof(ProgressMaintenanceRequest))]
[JsonSerializable(typeof(CancelMaintenanceRequest))]
[JsonSerializable(typeof(ComponentDto))]
[JsonSerializable(typeof(ComponentListDto))]
[JsonSerializable(typeof(MaintenanceDto))]
[JsonSerializable(typeof(MaintenanceListDto))]
public sealed partial class StatusAdminJson : JsonSerializerContext;

/// <summary>
/// /api/v1/status/components and /api/v1/maintenances: set a component by hand, correct its uptime
/// history, and schedule and run maintenance (the public page's own JSON is /api/v2, without sign-in).
/// </summary>
public static class StatusAdminEndpoints
{
    public static void MapStatusAdmin(this RouteGroupBuilder api)
    {
        var components = api.MapGroup("/status/components").WithTags("Status page");
        components.MapGet("", ListComponents)
            .Produces<ComponentListDto>()
            .WithSummary("The status page's components: the status shown now, whether it is set by hand, the uptime corrections.");
        components.MapPost("/{name}/status", SetComponent)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<SetComponentStatusRequest>("application/json")
            .Produces<ComponentDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Set a component's status by hand with a reason (an admin, or the comms lead of an active incident affecting it); 'automatic' clears it.");
        components.MapPost("/{name}/corrections", Correct)
            .RequireAuthorization(AccessModule.Admin)
            .Accepts<CorrectUptimeRequest>("application/json")
            .Produces<ComponentDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Correct what the uptime history says of a period, with a reason (admins).");

        var maintenances = api.MapGroup("/maintenances").WithTags("Status page");
        maintenances.MapGet("", ListMaintenances)
            .Produces<MaintenanceListDto>()
            .WithSummary("Every maintenance, latest window first.");
        maintenances.MapPost("", Schedule)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ScheduleMaintenanceRequest>("application/json")
            .Produces<MaintenanceDto>(201).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Schedule maintenance: title, message, components, startsAt, endsAt. It starts and completes at its times by itself.");
        maintenances.MapGet("/{id}", GetMaintenance)
            .Produces<MaintenanceDto>().ProducesProblem(404)
            .WithSummary("One maintenance with its messages (MNT-7 or 7).");
        maintenances.MapPost("/{id}/progress", Progress)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<ProgressMaintenanceRequest>("application/json")
            .Produces<MaintenanceDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Move a maintenance on by hand: in_progress, verifying or completed, with a message (If-Match: its version).");
        maintenances.MapPost("/{id}/cancel", Cancel)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<CancelMaintenanceRequest>("application/json")
            .Produces<MaintenanceDto>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Call off a maintenance, with a reason.");
    }

    private static async Task<IResult> ListComponents(StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct) =>
        Results.Json(new ComponentListDto(await ComponentsAsync(service, snapshots, ct)), StatusAdminJson.Default.ComponentListDto);

    private static Task<IResult> SetComponent(string name, HttpContext http, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct) =>
        ComponentAsync(http, StatusAdminJson.Default.SetComponentStatusRequest, r => service.SetComponentAsync(http.User.Actor(), name, r.ToCommand(), ct), service, snapshots, ct);

    private static Task<IResult> Correct(string name, HttpContext http, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct) =>
        ComponentAsync(http, StatusAdminJson.Default.CorrectUptimeRequest, r => service.CorrectUptimeAsync(http.User.Actor(), name, r.ToCommand(), ct), service, snapshots, ct);

    private static async Task<IResult> ListMaintenances(StatusAdminService service, CancellationToken ct) =>
        Results.Json(new MaintenanceListDto([.. (await service.MaintenancesAsync(ct)).Select(MaintenanceDto.Of)]), StatusAdminJson.Default.MaintenanceListDto);

    private static async Task<IResult> Schedule(HttpContext http, StatusAdminService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, StatusAdminJson.Default.ScheduleMaintenanceRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var scheduled = await service.ScheduleAsync(http.User.Actor(), body.Value.ToCommand(), ct);
        return scheduled.IsSuccess
            ? Results.Json(MaintenanceDto.Of(scheduled.Value), StatusAdminJson.Default.MaintenanceDto, statusCode: StatusCodes.Status201Created)
            : Problems.From(scheduled.Error!);
    }

    private static async Task<IResult> GetMaintenance(string id, StatusAdminService service, CancellationToken ct) =>
        Answer(await service.MaintenanceAsync(id, ct));

    private static Task<IResult> Progress(string id, HttpContext http, StatusAdminService service, CancellationToken ct) =>
        ChangeAsync(http, id, StatusAdminJson.Default.ProgressMaintenanceRequest, r => r.ToCommand(), service, ct);

    private static Task<IResult> Cancel(string id, HttpContext http, StatusAdminService service, CancellationToken ct) =>
        ChangeAsync(http, id, StatusAdminJson.Default.CancelMaintenanceRequest, r => r.ToCommand(), service, ct);

    private static IResult Answer(Result<MaintenanceState> outcome) =>
        outcome.IsSuccess ? Results.Json(MaintenanceDto.Of(outcome.Value), StatusAdminJson.Default.MaintenanceDto) : Problems.From(outcome.Error!);

    private static async Task<IResult> ChangeAsync<TRequest>(HttpContext http, string id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type, Func<TRequest, IMaintenanceCommand> toCommand, StatusAdminService service, CancellationToken ct)
        where TRequest : class
    {
        var body = await RequestBody.ReadAsync(http, type, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        long? expected = null;
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            if (!long.TryParse(ifMatch.Trim('"', 'W', '/'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                return Problems.Invalid("If-Match", "If-Match is the maintenance's version, for example \"3\".");
            }

            expected = version;
        }

        return Answer(await service.ChangeAsync(http.User.Actor(), id, expected, toCommand(body.Value), ct));
    }

    private static async Task<IResult> ComponentAsync<TRequest>(
        HttpContext http,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type,
        Func<TRequest, Task<Result<(StatusComponent Component, ComponentRecord Record)>>> act,
        StatusAdminService service,
        StatusSnapshots snapshots,
        CancellationToken ct)
        where TRequest : class
    {
        var body = await RequestBody.ReadAsync(http, type, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var outcome = await act(body.Value);
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error!);
        }

        var name = outcome.Value.Component.Name;
        await snapshots.RebuildAsync(ct);
        return Results.Json((await ComponentsAsync(service, snapshots, ct)).Single(c => c.Name == name), StatusAdminJson.Default.ComponentDto);
    }

    /// <summary>The components with their records; the status shown is the last snapshot's, or what the record alone says before one.</summary>
    public static async Task<IReadOnlyList<ComponentDto>> ComponentsAsync(StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct)
    {
        var board = snapshots.Board;
        return [.. (await service.ComponentsAsync(ct)).Select(c =>
        {
            var shown = c.Record.Hand?.Status ?? board?.Components.FirstOrDefault(s => s.Component.Name == c.Component.Name)?.Status ?? ComponentStatus.Operational;
            return new ComponentDto(c.Component.Name, c.Component.Group, c.Component.Description, c.Component.Services, shown, c.Record.Hand, c.Record.Corrections,
                board?.Uptime.GetValueOrDefault(c.Component.Name)?.Percentage, c.Record.Version);
        })];
    }
}
