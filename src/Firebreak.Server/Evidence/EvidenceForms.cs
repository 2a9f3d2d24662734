using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Web;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Evidence;

/// <summary>The room's evidence form (text, link or file upload) and the download of kept evidence.</summary>
public static class EvidenceForms
{
    public static void MapEvidenceForms(this RouteGroupBuilder ui, long maxEvidenceBytes)
    {
        ui.MapPost("/incidents/{id}/evidence", AttachEvidence).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxEvidenceBytes + (64 * 1024)));
        ui.MapGet("/incidents/{id}/evidence/{number:long}", Download);
    }

    private static async Task<IResult> AttachEvidence(string id, HttpContext http, IFormCollection form, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Results.NotFound();
        }

        if (!http.User.IsWriter())
        {
            return IncidentForms.RoomError(incidentId, new Forbidden("Your role (viewer) can read incidents but not change them."), "evidence", form);
        }

        var verification = form.Field("verification") == "true";
        var checkKind = form.Field("checkKind");
        Result<NewEvidence> evidence;
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > service.Config.MaxEvidenceBytes)
            {
                return IncidentForms.RoomError(incidentId, new Invalid("file", $"The file is {file.Length / 1024} KiB; the limit is {service.Config.MaxEvidenceBytes / 1024} KiB."), "evidence", form);
            }

            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, ct);
            evidence = EvidenceInput.File(form.Field("name") ?? Path.GetFileName(file.FileName), file.ContentType, memory.ToArray(), verification, checkKind);
        }
        else if (form.Field("url") is { } link)
        {
            evidence = EvidenceInput.Link(form.Field("name"), link, verification, checkKind);
        }
        else if (form.Field("text") is { } text)
        {
            evidence = EvidenceInput.Text(form.Field("name"), text, verification, checkKind);
        }
        else
        {
            evidence = new Invalid("evidence", "Give a text, a link or a file to keep.");
        }

        if (!evidence.IsSuccess)
        {
            return IncidentForms.RoomError(incidentId, evidence.Error!, "evidence", form);
        }

        var attached = await service.AttachEvidenceAsync(http.User.Actor(), incidentId, null, evidence.Value, null, ct);
        return attached.IsSuccess
            ? Forms.Back($"/incidents/{incidentId}", "Evidence attached.")
            : IncidentForms.RoomError(incidentId, attached.Error!, "evidence", form);
    }

    private static async Task<IResult> Download(string id, long number, HttpContext http, IncidentService service, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId))
        {
            return Results.NotFound();
        }

        var item = await service.GetEvidenceAsync(http.User.Actor(), incidentId, number, ct);
        if (!item.IsSuccess || item.Value.Content is null)
        {
            return Results.NotFound();
        }

        return Results.File(item.Value.Content, item.Value.Kind == EvidenceKind.Text ? "text/plain; charset=utf-8" : "application/octet-stream", item.Value.Name);
    }
}
