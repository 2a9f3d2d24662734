using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Server.Web;
using Firebreak.Storage.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Evidence;
using Firebreak.Server.Evidence;
using Firebreak.Server.Triage;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Updates;
using Firebreak.Server.Investigation;

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
        "entries", "status", "severity", "roles", "join", "leave", "pin", "decline", "updates", "mitigations", "impact",
    ];

    public static void MapIncidentForms(this RouteGroupBuilder ui)
    {
        ui.MapPost("/incidents", Declare);
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
            ? Forms.Back($"/incidents/{incidentId}", Notice(action, outcome.Value, service))
            : RoomError(incidentId, outcome.Error!, action, form);
    }

    /// <summary>
    /// The form's fields read into the same request type the API takes, and from there into the
    /// command by the request's one mapping; the route parts are validated by the route constraints.
    /// </summary>
    private static Result<IIncidentCommand> ToCommand(string action, IFormCollection f)
    {
        var parts = action.Split('/');
        Func<string, string?> field = f.Field;
        switch (parts[0])
        {
            case "entries":
                return Result<IIncidentCommand>.Ok(AddEntryRequest.FromForm(field).ToCommand());
            case "status":
                return Result<IIncidentCommand>.Ok(ChangeStatusRequest.FromForm(field).ToCommand());
            case "severity":
                return Result<IIncidentCommand>.Ok(ChangeSeverityRequest.FromForm(field).ToCommand());
            case "roles":
                return Result<IIncidentCommand>.Ok(AssignRoleRequest.FromForm(field).ToCommand());
            case "join":
                return new JoinResponse();
            case "leave":
                return new LeaveResponse();
            case "pin":
                return PinRequest.FromForm(field).Map(r => r.ToCommand());
            case "impact":
                return Result<IIncidentCommand>.Ok(StatusPage.StateImpactRequest.FromForm(f.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))).ToCommand());
            case "decline":
                return Result<IIncidentCommand>.Ok(DeclineRequest.FromForm(field).ToCommand());
            case "updates":
                return Result<IIncidentCommand>.Ok(PostUpdateRequest.FromForm(field).ToCommand());
            case "mitigations" when parts.Length == 1:
                return Result<IIncidentCommand>.Ok(ProposeMitigationRequest.FromForm(field).ToCommand());
            case "mitigations":
                return WireNames.TryParse<MitigationStep>(parts[2], out var step)
                    ? Result<IIncidentCommand>.Ok(MitigationStepRequest.FromForm(field).ToCommand(int.Parse(parts[1], CultureInfo.InvariantCulture), step))
                    : new Invalid("step", $"Unknown mitigation step '{parts[2]}'.");
            case "hypotheses":
                return Result<IIncidentCommand>.Ok(HypothesisRequest.FromForm(field).ToCommand(long.Parse(parts[1], CultureInfo.InvariantCulture)));
            case "checklists":
                return Result<IIncidentCommand>.Ok(ChecklistItemRequest.ToCommand(parts[1], int.Parse(parts[3], CultureInfo.InvariantCulture)));
            default:
                return new Invalid("action", $"Unknown action '{action}'.");
        }
    }

    // What was done, and where its messages are going (the room's notice says so, as the CLI does).
    private static string Notice(string action, Appended appended, IncidentService service)
    {
        if (appended.Events.Count == 0)
        {
            return "Nothing to change.";
        }

        var done = TimelineText.Describe(appended.Events.Last(e => e.Event is not GuardrailFired).Event);
        var channels = service.NotifiedChannels(appended.State, appended.Events);
        return channels.Count == 0 ? done : $"{done} Sending to {string.Join(", ", channels)}.";
    }

    /// <summary>The room again, with the error and the action to retry (with an override form for a blocking guardrail).</summary>
    internal static IResult RoomError(long incidentId, Error error, string action, IFormCollection form) =>
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
