using System.Security.Cryptography;
using Firebreak.Core.Access;
using Firebreak.Core.Alerts;
using Firebreak.Core.Common;
using Firebreak.Server.Access;
using Firebreak.Server.Configuration;
using Firebreak.Server.Http;
using Firebreak.Storage.Alerts;

namespace Firebreak.Server.Alerts;

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class IntegrationRouteRequest
{
    public Dictionary<string, string>? Match { get; set; }

    public string? Service { get; set; }
}

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class IntegrationDeclareRequest
{
    public Dictionary<string, string>? Match { get; set; }

    public string? Severity { get; set; }

    /// <summary>triage (the default) or investigating.</summary>
    public string? Status { get; set; }
}

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class IntegrationMappingRequest
{
    public string? Title { get; set; }

    public string? Fingerprint { get; set; }

    public string? Status { get; set; }

    public List<string>? Firing { get; set; }

    public string? Labels { get; set; }

    public string? Annotations { get; set; }

    public string? StartsAt { get; set; }

    public string? Link { get; set; }

    public string? Alerts { get; set; }

    public Core.Alerts.Sources.WebhookMapping ToMapping() => new(Title ?? string.Empty, Fingerprint, Status, Firing, Labels, Annotations, StartsAt, Link, Alerts);
}

/// <summary>A new integration, as the API, the web form and the CLI send it; <see cref="ToCommand"/> is its one mapping to Core.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class IntegrationRequest
{
    public string? Name { get; set; }

    /// <summary>alertmanager, grafana, prometheus or pagerduty.</summary>
    public string? Source { get; set; }

    public string? Service { get; set; }

    public List<string?>? GroupBy { get; set; }

    public string? Window { get; set; }

    public int? FlapChanges { get; set; }

    public List<IntegrationRouteRequest>? Routes { get; set; }

    public List<IntegrationDeclareRequest>? Declare { get; set; }

    /// <summary>A webhook's paths into its body: title (required), fingerprint, status, firing, labels, annotations, startsAt, link, alerts.</summary>
    public IntegrationMappingRequest? Mapping { get; set; }

    public CreateIntegration ToCommand() => new(
        Name, Source, Service, GroupBy, Window, FlapChanges,
        Routes?.Select(r => ((IReadOnlyDictionary<string, string>?)r.Match, r.Service)).ToList(),
        Declare?.Select(d => ((IReadOnlyDictionary<string, string>?)d.Match, d.Severity, d.Status)).ToList(),
        Mapping?.ToMapping());
}

public sealed record IntegrationRuleDto(IReadOnlyDictionary<string, string> Match, string? Service, string? Severity, string? Status);

public sealed record IntegrationDto(
    string Name,
    string Source,
    string Endpoint,
    string From,
    string? KeyHint,
    string? Service,
    IReadOnlyList<string> GroupBy,
    long WindowSeconds,
    int FlapChanges,
    IReadOnlyList<IntegrationRuleDto> Routes,
    IReadOnlyList<IntegrationRuleDto> Declare,
    Core.Alerts.Sources.WebhookMapping? Mapping,
    string? CreatedBy,
    DateTimeOffset? CreatedAt)
{
    /// <summary>A stored integration as the API shows it.</summary>
    public static IntegrationDto Of(IntegrationState state) =>
        Of(new AlertIntegration(state.Name, state.Source, [], state.Settings.Policy(), FromConfig: false, state.Settings.Mapping), state);

    public static IntegrationDto Of(AlertIntegration i, IntegrationState? stored) => new(
        i.Name, i.Source, AlertSources.EndpointOf(i.Source), i.FromConfig ? "firebreak.yaml" : "api", stored?.KeyHint, i.Policy.Service, i.Policy.GroupBy,
        (long)i.Policy.Window.TotalSeconds, i.Policy.FlapChanges,
        [.. i.Policy.Routes.Select(r => new IntegrationRuleDto(r.Match.Labels, r.Service, null, null))],
        [.. i.Policy.Declare.Select(d => new IntegrationRuleDto(d.Match.Labels, null, d.Severity, d.Triage ? "triage" : "investigating"))],
        i.Mapping,
        stored?.CreatedBy, stored?.CreatedAt);
}

/// <summary>A new or rotated key: shown this once, never again.</summary>
public sealed record IntegrationKeyDto(IntegrationDto Integration, string Key, string Endpoint, string Note);

public sealed record IntegrationListDto(IReadOnlyList<IntegrationDto> Items);

/// <summary>Admins make, list, re-key and remove integrations (firebreak.yaml's are listed and changed there).</summary>
public sealed class IntegrationService(AlertStore store, IntegrationRegistry registry, FirebreakConfig config, TimeProvider clock)
{
    public async Task<IReadOnlyList<IntegrationDto>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await registry.StoredAsync(cancellationToken);
        var items = registry.Configured.Select(i => IntegrationDto.Of(i, null)).ToList();
        foreach (var state in stored)
        {
            items.Add(IntegrationDto.Of(state));
        }

        return items;
    }

    public async Task<Result<IntegrationKeyDto>> CreateAsync(Actor actor, CreateIntegration command, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can make an integration.");
        }

        if (command.Name is { } name && registry.Configured.Any(i => i.Name == name.Trim()))
        {
            return new Conflict($"firebreak.yaml has an integration '{name.Trim()}'; choose another name.");
        }

        var key = NewKey();
        var outcome = await store.Integrations.AppendAsync(
            string.IsNullOrWhiteSpace(command.Name) ? "-" : command.Name.Trim(),
            null,
            existing => Integration.DecideCreate(existing, command, config.Severities, Convert.ToHexStringLower(AlertIntegration.Digest(key)), key[^4..]).Map(e => (IReadOnlyList<IEvent>)e),
            actor.Username,
            clock.GetUtcNow(),
            cancellationToken);
        return await KeyAsync(outcome, key, "made", cancellationToken);
    }

    public async Task<Result<IntegrationKeyDto>> RotateAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can change an integration's key.");
        }

        var key = NewKey();
        var outcome = await store.Integrations.AppendAsync(
            name,
            null,
            existing => Integration.DecideRotate(existing, Convert.ToHexStringLower(AlertIntegration.Digest(key)), key[^4..]).Map(e => (IReadOnlyList<IEvent>)e),
            actor.Username,
            clock.GetUtcNow(),
            cancellationToken);
        return await KeyAsync(outcome, key, "re-keyed: the old key no longer works", cancellationToken);
    }

    public async Task<Result<IntegrationDto>> RemoveAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can remove an integration.");
        }

        var outcome = await store.Integrations.AppendAsync(name, null, existing => Integration.DecideRemove(existing).Map(e => (IReadOnlyList<IEvent>)e), actor.Username, clock.GetUtcNow(), cancellationToken);
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        await registry.RefreshAsync(cancellationToken);
        var state = outcome.Value.State!;
        return IntegrationDto.Of(state);
    }

    private async Task<Result<IntegrationKeyDto>> KeyAsync(Result<(IntegrationState? State, IReadOnlyList<Storage.Streams.StoredEvent> Events)> outcome, string key, string what, CancellationToken cancellationToken)
    {
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        await registry.RefreshAsync(cancellationToken);
        var state = outcome.Value.State!;
        var dto = IntegrationDto.Of(state);
        return new IntegrationKeyDto(dto, key, dto.Endpoint, $"The integration '{state.Name}' is {what}. This is the only time the key is shown: put it in the sender's configuration now.");
    }

    /// <summary>32 hexadecimal characters: as long as PagerDuty's routing keys, so every sender takes it.</summary>
    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>/api/v1/integrations: admins list, make, re-key and remove the integrations senders post alerts with.</summary>
public static class IntegrationEndpoints
{
    public static void MapIntegrations(this RouteGroupBuilder api)
    {
        var integrations = api.MapGroup("/integrations").WithTags("Alerts").RequireAuthorization(AccessModule.Admin);
        integrations.MapGet("", List)
            .Produces<IntegrationListDto>()
            .WithSummary("Every integration, firebreak.yaml's and those made here, with its endpoint (never its key) (admins).");
        integrations.MapPost("", Create)
            .Accepts<IntegrationRequest>("application/json")
            .Produces<IntegrationKeyDto>(201).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("Make an integration: name, source (alertmanager, grafana, prometheus, pagerduty), service, groupBy, window, flapChanges, routes, declare. The answer holds its key, shown this once (admins).");
        integrations.MapPost("/{name}/rotate-key", Rotate)
            .Produces<IntegrationKeyDto>().ProducesProblem(404)
            .WithSummary("Give the integration a new key, shown this once; the old one stops working (admins).");
        integrations.MapDelete("/{name}", Remove)
            .Produces<IntegrationDto>().ProducesProblem(404)
            .WithSummary("Remove the integration: its key stops working, its alert groups stay (admins).");
    }

    private static async Task<IResult> List(IntegrationService service, CancellationToken ct) =>
        Results.Json(new IntegrationListDto(await service.ListAsync(ct)), AlertJson.Default.IntegrationListDto);

    private static async Task<IResult> Create(HttpContext http, IntegrationService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http, AlertJson.Default.IntegrationRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var made = await service.CreateAsync(http.User.Actor(), body.Value.ToCommand(), ct);
        return made.IsSuccess
            ? Results.Json(made.Value, AlertJson.Default.IntegrationKeyDto, statusCode: StatusCodes.Status201Created)
            : Problems.From(made.Error!);
    }

    private static async Task<IResult> Rotate(string name, HttpContext http, IntegrationService service, CancellationToken ct)
    {
        var rotated = await service.RotateAsync(http.User.Actor(), name, ct);
        return rotated.IsSuccess ? Results.Json(rotated.Value, AlertJson.Default.IntegrationKeyDto) : Problems.From(rotated.Error!);
    }

    private static async Task<IResult> Remove(string name, HttpContext http, IntegrationService service, CancellationToken ct)
    {
        var removed = await service.RemoveAsync(http.User.Actor(), name, ct);
        return removed.IsSuccess ? Results.Json(removed.Value, AlertJson.Default.IntegrationDto) : Problems.From(removed.Error!);
    }
}
