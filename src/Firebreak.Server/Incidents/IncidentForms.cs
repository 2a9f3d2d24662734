using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Server.Web;
using Firebreak.Storage.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Evidence;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The incident forms of the web UI. Each turns form fields into the same command the API sends,
/// runs it through <see cref="IncidentService"/>, and redirects back to the incident room; on an
/// error it renders the room again with the message and, for a blocking guardrail, an override form.
/// </summary>
public static class IncidentForms
{
    private static readonly string[] Actions =
    [
        "entries", "status", "severity", "roles", "join", "leave", "pin", "decline", "updates", "mitigations",
    ];

    public static void MapIncidentForms(this RouteGroupBuilder ui, long maxEvidenceBytes)
    {
        ui.MapPost("/incidents", Declare);
        ui.MapGet("/triage", Triage);
        foreach (var action in Actions)
        {
            ui.MapPost($"/incidents/{{id}}/{action}", (string id, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct) =>
                RunAsync(id, action, http, form, service, ct));
        }

        ui.MapPost("/incidents/{id}/mitigations/{mitigation:int}/{step}", (string id, int mitigation, string step, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct) =>
            RunAsync(id, $"mitigations/{mitigation}/{step}", http, form, service, ct));
        ui.MapPost("/incidents/{id}/hypotheses/{entry:long}", (string id, long entry, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct) =>
            RunAsync(id, $"hypotheses/{entry}", http, form, service, ct));
        ui.MapPost("/incidents/{id}/checklists/{checklist}/items/{item:int}", (string id, string checklist, int item, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct) =>
            RunAsync(id, $"checklists/{checklist}/items/{item}", http, form, service, ct));
        ui.MapPost("/incidents/{id}/evidence", AttachEvidence).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxEvidenceBytes + (64 * 1024)));
        ui.MapGet("/incidents/{id}/evidence/{evidence:long}", Download);
    }

    private static async Task<IResult> Declare(HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct)
    {
        if (!http.User.IsWriter())
        {
            return Forms.Error<DeclarePage>(new Forbidden("Viewers cannot declare incidents."), new Dictionary<string, object?> { ["Error"] = "Your role (viewer) can read incidents but not declare them." });
        }

        var triage = TriageFrom(form);
        var answers = triage.ToAnswers();
        if (!answers.IsSuccess)
        {
            return DeclareError(answers.Error!, form);
        }

        var anyAnswer = triage.AnyAnswer();
        var startedAt = form.Field("startedAt") is { } started && DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : (DateTimeOffset?)null;
        var services = (form.Field("services") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = new DeclareIncident(
            form.Field("title"),
            form.Field("severity"),
            form.Field("summary"),
            form.Field("impact"),
            services,
            startedAt,
            form.Field("private") == "true",
            form.Field("triage") == "true" ? "triage" : null,
            form.Field("commander"))
        {
            Triage = anyAnswer ? answers.Value : null,
        };
        var declared = await service.DeclareAsync(http.User.Actor(), command, ct);
        return declared.IsSuccess
            ? Forms.Back($"/incidents/{declared.Value.State.Id}", $"Declared {declared.Value.State.Key}.")
            : DeclareError(declared.Error!, form);
    }

    private static IResult DeclareError(Error error, IFormCollection form) =>
        Forms.Error<DeclarePage>(error, new Dictionary<string, object?>
        {
            ["Error"] = error.Message,
            ["Posted"] = form.Keys.Where(k => k != "__af").ToDictionary(k => k, k => form[k].ToString()),
        });

    private static IResult Triage(HttpContext http, IncidentService service)
    {
        var request = TriageMapping.FromFields(name => http.Request.Query[name].ToString());
        var answers = request.ToAnswers();
        return answers.IsSuccess ? Results.Json(service.Triage(answers.Value), ApiJson.Default.TriageSuggestion) : Problems.From(answers.Error!);
    }

    private static async Task<IResult> RunAsync(string id, string action, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Results.NotFound();
        }

        if (!http.User.IsWriter())
        {
            return RoomError(incidentId, new Forbidden("Your role (viewer) can read incidents but not change them."), action, form);
        }

        var command = ToCommand(action, form);
        if (!command.IsSuccess)
        {
            return RoomError(incidentId, command.Error!, action, form);
        }

        var outcome = await service.ExecuteAsync(http.User.Actor(), incidentId, null, command.Value, form.Field("override"), ct);
        return outcome.IsSuccess
            ? Forms.Back($"/incidents/{incidentId}", Notice(action, outcome.Value))
            : RoomError(incidentId, outcome.Error!, action, form);
    }

    private static async Task<IResult> AttachEvidence(string id, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Results.NotFound();
        }

        if (!http.User.IsWriter())
        {
            return RoomError(incidentId, new Forbidden("Your role (viewer) can read incidents but not change them."), "evidence", form);
        }

        var verification = form.Field("verification") == "true";
        Result<NewEvidence> evidence;
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > service.Config.MaxEvidenceBytes)
            {
                return RoomError(incidentId, new Invalid("file", $"The file is {file.Length / 1024} KiB; the limit is {service.Config.MaxEvidenceBytes / 1024} KiB."), "evidence", form);
            }

            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, ct);
            evidence = EvidenceInput.File(form.Field("name") ?? Path.GetFileName(file.FileName), file.ContentType, memory.ToArray(), verification);
        }
        else if (form.Field("url") is { } link)
        {
            evidence = EvidenceInput.Link(form.Field("name"), link, verification);
        }
        else if (form.Field("text") is { } text)
        {
            evidence = EvidenceInput.Text(form.Field("name"), text, verification);
        }
        else
        {
            evidence = new Invalid("evidence", "Give a text, a link or a file to keep.");
        }

        if (!evidence.IsSuccess)
        {
            return RoomError(incidentId, evidence.Error!, "evidence", form);
        }

        var attached = await service.AttachEvidenceAsync(http.User.Actor(), incidentId, null, evidence.Value, null, ct);
        return attached.IsSuccess
            ? Forms.Back($"/incidents/{incidentId}", "Evidence attached.")
            : RoomError(incidentId, attached.Error!, "evidence", form);
    }

    private static async Task<IResult> Download(string id, long evidence, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Results.NotFound();
        }

        var item = await service.GetEvidenceAsync(http.User.Actor(), incidentId, evidence, ct);
        if (!item.IsSuccess || item.Value.Content is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.File(item.Value.Content, item.Value.Kind == EvidenceKind.Text ? "text/plain; charset=utf-8" : "application/octet-stream", item.Value.Name);
    }

    private static Result<IIncidentCommand> ToCommand(string action, IFormCollection f)
    {
        var parts = action.Split('/');
        switch (parts[0])
        {
            case "entries":
                return new AddEntry(f.Field("kind"), f.Field("text"));
            case "status":
                return new ChangeStatus(f.Field("status"), f.Field("reason"));
            case "severity":
                return new ChangeSeverity(f.Field("severity"), f.Field("reason"));
            case "roles":
                return new AssignRole(f.Field("customRole") ?? f.Field("role"), f.Field("user"));
            case "join":
                return new JoinResponse();
            case "leave":
                return new LeaveResponse();
            case "pin":
                return long.TryParse(f.Field("entry"), NumberStyles.None, CultureInfo.InvariantCulture, out var entry)
                    ? new PinEntry(entry, f.Field("unpin") != "true", null)
                    : new Invalid("entry", "Give the number of the entry to pin (#N on the timeline).");
            case "decline":
                return new DeclineIncident(f.Field("reason"));
            case "updates":
                return new PostUpdate(f.Field("audience"), f.Field("audience") == "public" ? f.Field("publicStatus") : null, f.Field("text"));
            case "mitigations" when parts.Length == 1:
                return new ProposeMitigation(
                    f.Field("kind"), f.Field("title"), f.Field("owner"), f.Field("expectedEffect"), f.Field("risky") == "true", f.Field("rollbackPlan"),
                    f.Field("kind") == "rollback" ? new RollbackChecklist(f.Field("noIrreversibleMigration") == "true", f.Field("noIrreversibleSideEffects") == "true", f.Field("knownGoodTarget")) : null);
            case "mitigations":
                var id = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return parts[2] switch
                {
                    "approve" => new ApproveMitigation(id),
                    "start" => new StartMitigation(id),
                    "apply" => new ApplyMitigation(id),
                    "verify" => new VerifyMitigation(id, f.Field("note")),
                    "abandon" => new AbandonMitigation(id, f.Field("note")),
                    _ => new Invalid("step", $"Unknown mitigation step '{parts[2]}'."),
                };
            case "hypotheses":
                return new SetHypothesis(long.Parse(parts[1], CultureInfo.InvariantCulture), f.Field("status"), null);
            case "checklists":
                return new CheckChecklistItem(parts[1], int.Parse(parts[3], CultureInfo.InvariantCulture));
            default:
                return new Invalid("action", $"Unknown action '{action}'.");
        }
    }

    private static string Notice(string action, Appended appended) =>
        appended.Events.Count == 0 ? "Nothing to change." : TimelineText.Describe(appended.Events.Last(e => e.Event is not GuardrailFired).Event);

    private static IResult RoomError(long incidentId, Error error, string action, IFormCollection form) =>
        Forms.Error<IncidentRoomPage>(error, new Dictionary<string, object?>
        {
            ["Id"] = incidentId.ToString(CultureInfo.InvariantCulture),
            ["Error"] = error.Message,
            ["Blocked"] = error as GuardrailBlocked,
            ["RetryAction"] = action,
            ["RetryFields"] = form.Keys.Where(k => k is not "__af" and not "override").ToDictionary(k => k, k => form[k].ToString()),
        });

    private static TriageRequest TriageFrom(IFormCollection f) => TriageMapping.FromFields(f.Field);
}
