using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Server.Access;
using Firebreak.Server.Hosting;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Evidence;

namespace Firebreak.Server.Incidents;

/// <summary>The process routes: severities, triage, updates, mitigations, hypotheses, checklists and evidence.</summary>
public static class ProcessEndpoints
{
    public static void MapPolicy(this RouteGroupBuilder api)
    {
        api.MapGet("/severities", (IncidentService incidents) =>
                Results.Json([.. incidents.Config.Severities.Levels.Select(SeverityDto.From)], ApiJson.Default.ListSeverityDto))
            .WithTags("Process").Produces<List<SeverityDto>>()
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
            .WithTags("Process").Accepts<TriageRequest>("application/json").Produces<TriageSuggestion>().ProducesProblem(400)
            .WithSummary("Suggest a severity from the triage answers (unknown answers count as the worse case).");
    }

    public static void MapProcess(this RouteGroupBuilder incidents)
    {
        IncidentEndpoints.MapCommand(incidents, "updates", ApiJson.Default.PostUpdateRequest, (r, _) => new PostUpdate(r.Audience, r.Status, r.Text),
            "Post a stakeholder update (internal, or public with its status); it resets the update countdown.");

        incidents.MapGet("/{id}/updates/draft", async (string id, string? template, HttpContext http, IncidentService service, CancellationToken ct) =>
            {
                if (!IncidentKey.TryParse(id, out var incidentId))
                {
                    return Problems.From(UnknownId(id));
                }

                var draft = await service.DraftUpdateAsync(http.User.Actor(), incidentId, template, ct);
                return draft.IsSuccess ? Results.Json(draft.Value, ApiJson.Default.UpdateDraftDto) : Problems.From(draft.Error!);
            })
            .Produces<UpdateDraftDto>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Draft an update from a template (declared, investigating, identified, monitoring, resolved; default: the one that fits the status).");

        IncidentEndpoints.MapCommand(incidents, "mitigations", ApiJson.Default.ProposeMitigationRequest, (r, _) => new ProposeMitigation(
                r.Kind, r.Title, r.Owner, r.ExpectedEffect, r.Risky ?? false, r.RollbackPlan,
                r.Checklist is { } c ? new RollbackChecklist(c.NoIrreversibleMigration ?? false, c.NoIrreversibleSideEffects ?? false, c.KnownGoodTarget?.Trim()) : null),
            "Propose a mitigation (rollback with its checklist, feature flag, failover, scale, redirect, rate-limit, hotfix with a rollback plan, other).");

        foreach (var (action, summary) in new[]
                 {
                     ("approve", "The commander approves a risky mitigation."),
                     ("start", "Start a mitigation (guardrails: risky-action, no-rollback-plan, unsafe-rollback, two-changes)."),
                     ("apply", "Mark a mitigation applied."),
                     ("verify", "Mark a mitigation verified, with a note on how."),
                     ("abandon", "Abandon a mitigation, with the reason in 'note'."),
                 })
        {
            IncidentEndpoints.MapCommand(
                incidents,
                $"mitigations/{{mitigation}}/{action}",
                ApiJson.Default.MitigationStepRequest,
                (r, http) =>
                {
                    var id = int.Parse(http.Request.RouteValues["mitigation"]!.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture);
                    return action switch
                    {
                        "approve" => new ApproveMitigation(id),
                        "start" => new StartMitigation(id),
                        "apply" => new ApplyMitigation(id),
                        "verify" => new VerifyMitigation(id, r.Note),
                        _ => new AbandonMitigation(id, r.Note),
                    };
                },
                summary,
                numbers: ["mitigation"],
                bodyOptional: true);
        }

        IncidentEndpoints.MapCommand(
            incidents,
            "hypotheses/{entry}",
            ApiJson.Default.HypothesisRequest,
            (r, http) => new SetHypothesis(long.Parse(http.Request.RouteValues["entry"]!.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture), r.Status, null),
            "Confirm, reject or reopen a hypothesis entry.",
            numbers: ["entry"]);

        IncidentEndpoints.MapCommand(
            incidents,
            "checklists/{checklist}/items/{item}",
            ApiJson.Default.MitigationStepRequest,
            // An item that is not a number reads as 0, which Core refuses with the range of the checklist's items.
            (_, http) => new CheckChecklistItem(
                http.Request.RouteValues["checklist"]?.ToString(),
                int.TryParse(http.Request.RouteValues["item"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0),
            "Tick an item of an incident checklist (for example the security checklist).",
            bodyOptional: true);

        incidents.MapPost("/{id}/evidence", AttachEvidence)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<EvidenceRequest>("application/json").Produces<EvidenceDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Attach text or a link as evidence (kept immutably with its SHA-256).");

        incidents.MapPost("/{id}/evidence/file", AttachFile)
            .RequireAuthorization(AccessModule.Write)
            .Accepts<byte[]>("application/octet-stream", "*/*").Produces<EvidenceDto>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Attach a file as evidence: the raw body is the file; query: name (required), verification=true to count as verification.");

        incidents.MapGet("/{id}/evidence", ListEvidence)
            .Produces<List<EvidenceDto>>().ProducesProblem(404)
            .WithSummary("The incident's evidence.");

        incidents.MapGet("/{id}/evidence/{evidence}/content", DownloadEvidence)
            .Produces(200).ProducesProblem(404)
            .WithSummary("Download an evidence item's content, byte for byte as attached.");
    }

    private static async Task<IResult> AttachEvidence(string id, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(UnknownId(id));
        }

        var body = await RequestBody.ReadAsync(http, ApiJson.Default.EvidenceRequest, ct);
        if (!body.IsSuccess)
        {
            return Problems.From(body.Error!);
        }

        var r = body.Value;
        var evidence = r.Kind?.Trim().ToLowerInvariant() switch
        {
            "text" => EvidenceInput.Text(r.Name, r.Text, r.Verification ?? false),
            "link" => EvidenceInput.Link(r.Name, r.Url, r.Verification ?? false),
            _ => new Invalid("kind", $"Unknown evidence kind '{r.Kind}': use text or link here, and POST the raw file to /api/v1/incidents/{id}/evidence/file?name=… for files."),
        };
        if (!evidence.IsSuccess)
        {
            return Problems.From(evidence.Error!);
        }

        return await AttachAsync(http, service, incidentId, evidence.Value, r.Override, ct);
    }

    private static async Task<IResult> AttachFile(string id, string? name, string? verification, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(UnknownId(id));
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

        var evidence = EvidenceInput.File(name, http.Request.ContentType, bytes.Value, isVerification);
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
        var stored = new StoredEvidence(record.EvidenceId, incidentId, record.Kind, record.Name, evidence.ContentType, evidence.Url, record.Size, record.Sha256, record.Verification, recorded.Actor, recorded.OccurredAt, null);
        return Results.Json(ToDto(stored, state.Key), ApiJson.Default.EvidenceDto, statusCode: StatusCodes.Status201Created)
            .WithLocation(ContentUrl(stored)!);
    }

    private static async Task<IResult> ListEvidence(string id, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(UnknownId(id));
        }

        var items = await service.ListEvidenceAsync(http.User.Actor(), incidentId, ct);
        return items.IsSuccess
            ? Results.Json([.. items.Value.Select(e => ToDto(e, IncidentKey.Format(incidentId)))], ApiJson.Default.ListEvidenceDto)
            : Problems.From(items.Error!);
    }

    private static async Task<IResult> DownloadEvidence(string id, string evidence, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Problems.From(UnknownId(id));
        }

        if (!long.TryParse(evidence, NumberStyles.None, CultureInfo.InvariantCulture, out var evidenceId))
        {
            return Problems.From(new NotFound($"'{evidence}' is not an evidence id; list them with GET /api/v1/incidents/{id}/evidence."));
        }

        var item = await service.GetEvidenceAsync(http.User.Actor(), incidentId, evidenceId, ct);
        if (!item.IsSuccess)
        {
            return Problems.From(item.Error!);
        }

        if (item.Value.Content is null)
        {
            return Problems.From(new NotFound($"Evidence {evidenceId} is a link ({item.Value.Url}); it has no content to download."));
        }

        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["X-Evidence-SHA256"] = item.Value.Sha256;
        return Results.File(item.Value.Content, item.Value.Kind == EvidenceKind.Text ? "text/plain; charset=utf-8" : "application/octet-stream", item.Value.Name);
    }

    private static EvidenceDto ToDto(StoredEvidence e, string incident) =>
        new(e.Id, incident, e.Kind, e.Name, e.ContentType, e.Url, e.Size, e.Sha256, e.Verification, e.CreatedBy, e.CreatedAt, ContentUrl(e));

    private static string? ContentUrl(StoredEvidence e) =>
        e.Kind == EvidenceKind.Link ? null : $"/api/v1/incidents/{e.IncidentId}/evidence/{e.Id}/content";

    private static NotFound UnknownId(string id) => new($"'{id}' is not an incident id; use a number or a key like INC-7.");
}
