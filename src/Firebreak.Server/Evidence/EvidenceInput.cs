using System.Text;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Hosting;
using Firebreak.Storage.Incidents;
using Firebreak.Core.Evidence;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Evidence;

/// <summary>
/// Turns what a person sends (a text, a link, a file) into evidence to keep, with its SHA-256, or an
/// error naming the field. The API and the web form both go through here.
/// </summary>
public static class EvidenceInput
{
    public const int MaxUrl = 2000;

    /// <summary>Kept exactly as sent (not trimmed): the hash and the download must match what was attached.</summary>
    public static Result<NewEvidence> Text(string? name, string? text, bool verification, string? checkKind = null)
    {
        if (Core.Common.Text.Required("text", text, FirebreakApp.MaxTextEvidence, out _) is { } error)
        {
            return error;
        }

        var bytes = Encoding.UTF8.GetBytes(text!);
        return new NewEvidence(EvidenceKind.Text, name ?? "note", "text/plain; charset=utf-8", null, bytes, IncidentService.Sha256(bytes), verification, checkKind);
    }

    public static Result<NewEvidence> Link(string? name, string? url, bool verification, string? checkKind = null)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url!.Length > MaxUrl)
        {
            return new Invalid("url", "'url' must be an absolute http(s) address of at most 2,000 characters.");
        }

        return new NewEvidence(EvidenceKind.Link, name ?? uri.Host, null, uri.AbsoluteUri, null, IncidentService.Sha256(Encoding.UTF8.GetBytes(uri.AbsoluteUri)), verification, checkKind);
    }

    public static Result<NewEvidence> File(string name, string? contentType, byte[] bytes, bool verification, string? checkKind = null)
    {
        if (bytes.Length == 0)
        {
            return new Invalid("body", "The file is empty; send its bytes as the request body.");
        }

        var type = contentType is { Length: > 0 and < 200 } given ? given : "application/octet-stream";
        return new NewEvidence(EvidenceKind.File, name.Trim(), type, null, bytes, IncidentService.Sha256(bytes), verification, checkKind);
    }
}
