using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firebreak.Core.Alerts;
using Firebreak.Core.Alerts.Sources;
using Firebreak.Core.Common;
using Firebreak.Server.Http;

namespace Firebreak.Server.Alerts;

/// <summary>
/// The receivers: each reads its sender's format and answers in the shape that sender expects, so
/// Alertmanager, Grafana, Prometheus and anything that speaks PagerDuty's Events API work unchanged.
/// A 2xx comes only once the alerts are durable; what is wrong gets a 4xx and changes nothing.
/// </summary>
public static class AlertIntakeEndpoints
{
    public static void MapAlertIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost(AlertSources.EndpointOf(AlertSources.Alertmanager), AlertmanagerAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("Alertmanager's webhook (webhook_configs, version 4). The integration's key as 'Authorization: Bearer <key>' (or as the basic-auth password).");
        app.MapPost(AlertSources.EndpointOf(AlertSources.Grafana), GrafanaAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("Grafana's webhook contact point (unified alerting, version 1). The integration's key as bearer credentials or the basic-auth password.");
        app.MapPost(AlertSources.EndpointOf(AlertSources.Prometheus), PrometheusAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("Alertmanager's POST /api/v2/alerts, as Prometheus sends it (path_prefix /intake/prometheus). The integration's key as bearer credentials.");
        app.MapPost(AlertSources.EndpointOf(AlertSources.Webhook), WebhookAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("Any JSON sender, read through the integration's mapping (dotted paths to the title, fingerprint, status, labels…). The integration's key as bearer credentials.");
        app.MapPost("/v2/enqueue", PagerDutyAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("PagerDuty's Events API v2: trigger, acknowledge, resolve. The routing_key is the integration's key; answers as PagerDuty does (202 with dedup_key, 400 with errors).");
        app.MapPost("/v2/change/enqueue", PagerDutyChangeAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Alert intake").WithSummary("PagerDuty's change events: a change recorded for the integration's service (or custom_details.service), shown in the rooms' What changed. Answers as PagerDuty does.");
    }

    private static async Task<IResult> PagerDutyChangeAsync(HttpContext http, AlertService service, Changes.ChangeService changes, CancellationToken ct)
    {
        var body = await ReadJsonAsync(http, ct);
        if (!body.IsSuccess)
        {
            return PagerDutyBodyError(body.Error!);
        }

        using var document = body.Value;
        var parsed = PagerDutySource.ParseChange(document.RootElement);
        if (!parsed.IsSuccess)
        {
            return PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", parsed.Error!.Message);
        }

        var change = parsed.Value;
        if (await service.FindAsync(AlertSources.PagerDuty, change.RoutingKey, ct) is not { } integration)
        {
            return PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", "'routing_key' is not the key of an integration");
        }

        var on = integration.Policy.Service ?? change.Service;
        if (string.IsNullOrWhiteSpace(on))
        {
            return PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", $"The integration '{integration.Name}' names no service: give 'payload.custom_details.service', or a service for the integration in firebreak.yaml");
        }

        var recorded = await changes.RecordAsync("integration:" + integration.Name, new Core.Changes.RecordChange(change.Kind, [on], change.Summary, change.Link, change.Timestamp, change.Source ?? integration.Name), ct);
        return recorded.IsSuccess
            ? Results.Json(new PagerDutyAnswer("success", "Change event processed", null), PagerDutyJson.Default.PagerDutyAnswer, statusCode: StatusCodes.Status202Accepted)
            : recorded.Error is Invalid invalid
                ? PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", invalid.Message)
                : Problems.From(recorded.Error!);
    }

    private static Task<IResult> AlertmanagerAsync(HttpContext http, AlertService service, CancellationToken ct) =>
        GroupedAsync(http, service, AlertSources.Alertmanager, grafana: false, ct);

    private static Task<IResult> GrafanaAsync(HttpContext http, AlertService service, CancellationToken ct) =>
        GroupedAsync(http, service, AlertSources.Grafana, grafana: true, ct);

    private static async Task<IResult> GroupedAsync(HttpContext http, AlertService service, string source, bool grafana, CancellationToken ct)
    {
        if (await service.FindAsync(source, PresentedKey(http.Request), ct) is not { } integration)
        {
            return Unauthorized(source);
        }

        var body = await ReadJsonAsync(http, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        using var document = body.Value;
        var batch = AlertmanagerSource.Parse(document.RootElement, grafana);
        if (!batch.IsSuccess)
        {
            return Problems.From(batch.Error!);
        }

        return Answer(batch.Value, await service.IntakeAsync(integration, batch.Value, ct));
    }

    private static async Task<IResult> WebhookAsync(HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        if (await service.FindAsync(AlertSources.Webhook, PresentedKey(http.Request), ct) is not { Mapping: { } mapping } integration)
        {
            return Unauthorized(AlertSources.Webhook);
        }

        var body = await ReadJsonAsync(http, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        using var document = body.Value;
        var batch = WebhookSource.Parse(document.RootElement, mapping, clock.GetUtcNow());
        if (!batch.IsSuccess)
        {
            return Problems.From(batch.Error!);
        }

        return Answer(batch.Value, await service.IntakeAsync(integration, batch.Value, ct));
    }

    private static async Task<IResult> PrometheusAsync(HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        if (await service.FindAsync(AlertSources.Prometheus, PresentedKey(http.Request), ct) is not { } integration)
        {
            return Results.Json("unauthorized: give the integration's key as 'Authorization: Bearer <key>'", AlertJson.Default.String, statusCode: StatusCodes.Status401Unauthorized);
        }

        var body = await ReadJsonAsync(http, ct);
        if (!body.IsSuccess)
        {
            return Results.Json(body.Error!.Message, AlertJson.Default.String, statusCode: body.Error is TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }

        using var document = body.Value;
        var batch = PrometheusSource.Parse(document.RootElement, clock.GetUtcNow());
        if (!batch.IsSuccess)
        {
            return Results.Json(batch.Error!.Message, AlertJson.Default.String, statusCode: StatusCodes.Status400BadRequest);
        }

        var stored = await service.IntakeAsync(integration, batch.Value, ct);
        return stored.IsSuccess ? Results.Ok() : Problems.From(stored.Error!);
    }

    private static async Task<IResult> PagerDutyAsync(HttpContext http, AlertService service, TimeProvider clock, CancellationToken ct)
    {
        var body = await ReadJsonAsync(http, ct);
        if (!body.IsSuccess)
        {
            return PagerDutyBodyError(body.Error!);
        }

        using var document = body.Value;
        var parsed = PagerDutySource.Parse(document.RootElement, clock.GetUtcNow(), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        if (!parsed.IsSuccess)
        {
            return PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", parsed.Error!.Message);
        }

        var (routingKey, batch) = parsed.Value;
        if (await service.FindAsync(AlertSources.PagerDuty, routingKey, ct) is not { } integration)
        {
            return PagerDutyError(StatusCodes.Status400BadRequest, "invalid event", "Event object is invalid", "'routing_key' is not the key of an integration");
        }

        var stored = await service.IntakeAsync(integration, batch, ct);
        return stored.IsSuccess
            ? Results.Json(new PagerDutyAnswer("success", "Event processed", batch.DedupKey), PagerDutyJson.Default.PagerDutyAnswer, statusCode: StatusCodes.Status202Accepted)
            : Problems.From(stored.Error!);
    }

    /// <summary>The key a sender presented: bearer credentials, or the password of basic authentication.</summary>
    internal static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : pair[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    private static IResult Unauthorized(string source) =>
        Problems.From(new Unauthenticated($"Give the key of a {source} integration as 'Authorization: Bearer <key>' (or as the basic-auth password); firebreak.yaml's alerts.integrations lists them."));

    /// <summary>The answer of the webhook receivers: how many alerts came, how many changed something, the groups they went to.</summary>
    private static IResult Answer(IntakeBatch batch, Result<Storage.Alerts.IntakeOutcome> stored) =>
        stored.IsSuccess
            ? Results.Json(new IntakeAnswer("success", batch.Alerts.Count, stored.Value.Changed, [.. stored.Value.Groups.Select(g => g.Name)]), AlertJson.Default.IntakeAnswer)
            : Problems.From(stored.Error!);

    /// <summary>A body PagerDuty's endpoints could not read, refused as PagerDuty refuses it.</summary>
    private static IResult PagerDutyBodyError(Error error) =>
        error is TooLarge
            ? PagerDutyError(StatusCodes.Status413PayloadTooLarge, "invalid event", "Event object is too large", $"The request is larger than {AlertLimits.MaxBody / 1024} KB")
            : PagerDutyError(StatusCodes.Status400BadRequest, "Unrecognized object", "Event object format is unrecognized", "JSON parse error");

    private static IResult PagerDutyError(int status, string what, string message, string error) =>
        Results.Json(new PagerDutyFailure(what, message, [error]), PagerDutyJson.Default.PagerDutyFailure, statusCode: status);

    private static async Task<Result<JsonDocument>> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadBytesAsync(http, AlertLimits.MaxBody, ct);
        if (!bytes.IsSuccess)
        {
            return bytes.Error!;
        }

        if (bytes.Value.Length == 0)
        {
            return new Invalid("body", "The request has no body: send the sender's JSON.");
        }

        if (JsonStrings.Check(bytes.Value) is { } hidden)
        {
            return hidden;
        }

        try
        {
            return JsonDocument.Parse(bytes.Value, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return new Invalid("body", $"The body is not valid JSON: {e.Message}");
        }
    }
}

public sealed record IntakeAnswer(string Status, int Alerts, int Changed, IReadOnlyList<string> Groups);

public sealed record PagerDutyAnswer(string Status, string Message, string? DedupKey);

public sealed record PagerDutyFailure(string Status, string Message, IReadOnlyList<string> Errors);
