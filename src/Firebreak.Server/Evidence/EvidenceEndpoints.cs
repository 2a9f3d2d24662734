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

namespace Firebreak.Server.Evidence;

/// <summary>Evidence on an incident: attach text, a link or a file (kept immutably with its SHA-256), list it, download it.</summary>
public static class EvidenceEndpoints
{
    /// <summary>On the evidence list: the server's limit on an evidence file, in bytes.</summary>
    public const string MaxBytesHeader = "X-Evidence-Max-Bytes";

    public static void MapEvidence(this RouteGroupBuilder incidents)
    {
        incidents.MapPost("/{id}/evidence", AttachEvidence)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<EvidenceRequest>("application/json").Produces<EvidenceDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Attach text or a link as evidence (kept immutably with its SHA-256).");

        incidents.MapPost("/{id}/evidence/file", AttachFile)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<byte[]>("application/octet-stream", "*/*").Produces<EvidenceDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Attach a file as evidence: the raw body is the file; query: name (required), verification=true to count as verification, checkKind (health-check, metric, client-side, alerts-quiet, other) for what it checked.");

        incidents.MapGet("/{id}/evidence", ListEvidence)
            .Produces<List<EvidenceDto>>().ProducesProblem(404)
            .WithSummary("The incident's evidence; the X-Evidence-Max-Bytes header says how large an evidence file may be (evidence.maxFileSize in firebreak.yaml).");

        incidents.MapGet("/{id}/evidence/{evidence}/content", DownloadEvidence)
            .Produces(200).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Download an evidence item's content, byte for byte as attached; evidence is numbered 1, 2, 3 … within its incident.");
    }

    private static async Task<IResult> AttachEvidence(string id, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var body = await RequestBody.ReadAsync(http, ApiJson.Default.EvidenceRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var r = body.Value;
        var evidence = r.Kind?.Trim().ToLowerInvariant() switch
        {
            "text" => EvidenceInput.Text(r.Name, r.Text, r.Verification ?? false, r.CheckKind),
            "link" => EvidenceInput.Link(r.Name, r.Url, r.Verification ?? false, r.CheckKind),
            _ => new Invalid("kind", $"Unknown evidence kind '{r.Kind}': use text or link here, and POST the raw file to /api/v1/incidents/{id}/evidence/file?name=… for files."),
        };
        if (!evidence.IsSuccess)
        {
            return Problems.From(evidence.Error!);
        }

        return await AttachAsync(http, service, incidentId, evidence.Value, r.Override, ct);
    }

    private static async Task<IResult> AttachFile(string id, string? name, string? verification, string? checkKind, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return Problems.Invalid("name", "Give the file's name in the 'name' query parameter (at most 200 characters).");
        }

        var isVerification = false;
        if (!string.IsNullOrEmpty(verification) && !bool.TryParse(verification, out isVerification))
        {
            return Problems.Invalid("verification", "The 'verification' query parameter must be true or false.");
        }

        var bytes = await RequestBody.ReadBytesAsync(http, service.Config.MaxEvidenceBytes, ct);
        if (!bytes.IsSuccess)
        {
            return Problems.From(bytes.Error!);
        }

        var evidence = EvidenceInput.File(name, http.Request.ContentType, bytes.Value, isVerification, checkKind);
        return evidence.IsSuccess ? await AttachAsync(http, service, incidentId, evidence.Value, null, ct) : Problems.From(evidence.Error!);
    }

    private static async Task<IResult> AttachAsync(HttpContext http, IncidentService service, long incidentId, NewEvidence evidence, string? overrideReason, CancellationToken ct)
    {
        var expected = IfMatch.Read(http.Request);
        if (!expected.IsSuccess)
        {
            return Problems.From(expected.Error!);
        }

        var attached = await service.AttachEvidenceAsync(http.User.Actor(), incidentId, expected.Value, evidence, overrideReason, ct);
        if (!attached.IsSuccess)
        {
            return Problems.From(attached.Error!);
        }

        var (state, events) = attached.Value;
        var recorded = events.First(e => e.Event is EvidenceAttached);
        var record = (EvidenceAttached)recorded.Event;
        http.Response.Headers.ETag = IfMatch.ETag(state.Version);
        var stored = new StoredEvidence(record.Number, incidentId, record.Kind, record.Name, evidence.ContentType, evidence.Url, record.Size, record.Sha256, record.Verification, recorded.Actor, recorded.OccurredAt, null) { CheckKind = record.CheckKind };
        return Results.Json(ToDto(stored, state.Key), ApiJson.Default.EvidenceDto, statusCode: StatusCodes.Status201Created)
            .WithLocation(ContentUrl(stored)!);
    }

    private static async Task<IResult> ListEvidence(string id, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        var items = await service.ListEvidenceAsync(http.User.Actor(), incidentId, ct);
        if (items.IsSuccess)
        {
            // A client that captures output (the CLI's evidence from a command) keeps as much as this allows.
            http.Response.Headers[MaxBytesHeader] = service.Config.MaxEvidenceBytes.ToString(CultureInfo.InvariantCulture);
        }

        return items.IsSuccess
            ? Results.Json([.. items.Value.Select(e => ToDto(e, IncidentKey.Format(incidentId)))], ApiJson.Default.ListEvidenceDto)
            : Problems.From(items.Error!);
    }

    private static async Task<IResult> DownloadEvidence(string id, string evidence, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(IncidentKey.NotAnId(id));
        }

        if (IncidentEndpoints.RouteNumber(http, "evidence") is { } notANumber)
        {
            return Problems.From(notANumber with { Message = $"{notANumber.Message} List the incident's evidence with GET /api/v1/incidents/{id}/evidence." });
        }

        var number = long.Parse(evidence, NumberStyles.None, CultureInfo.InvariantCulture);
        var item = await service.GetEvidenceAsync(http.User.Actor(), incidentId, number, ct);
        if (!item.IsSuccess)
        {
            return Problems.From(item.Error!);
        }

        if (item.Value.Content is null)
        {
            return Problems.From(new NotFound($"Evidence {number} is a link ({item.Value.Url}); it has no content to download."));
        }

        http.Response.Headers["X-Evidence-SHA256"] = item.Value.Sha256;
        return Results.File(item.Value.Content, item.Value.Kind == EvidenceKind.Text ? "text/plain; charset=utf-8" : "application/octet-stream", item.Value.Name);
    }

    private static EvidenceDto ToDto(StoredEvidence e, string incident) =>
        new(e.Number, incident, e.Kind, e.Name, e.ContentType, e.Url, e.Size, e.Sha256, e.Verification, e.CreatedBy, e.CreatedAt, ContentUrl(e)) { CheckKind = e.CheckKind is { } kind ? WireNames.Of(kind) : null };

    private static string? ContentUrl(StoredEvidence e) =>
        e.Kind == EvidenceKind.Link ? null : $"/api/v1/incidents/{e.IncidentId}/evidence/{e.Number}/content";
}
