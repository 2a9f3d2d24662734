using System.Text.Json.Serialization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Updates;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PostUpdateRequest : CommandRequest
{
    /// <summary>internal (default) or public.</summary>
    public string? Audience { get; set; }

    /// <summary>For public updates: investigating, identified, monitoring or resolved (default: from the incident's status).</summary>
    public string? Status { get; set; }

    public string? Text { get; set; }

    public IIncidentCommand ToCommand() => new PostUpdate(Audience, Status, Text);

    /// <summary>The room's form has one status picker, which counts only for a public update.</summary>
    public static PostUpdateRequest FromForm(Func<string, string?> field) =>
        new() { Audience = field("audience"), Status = field("audience") == "public" ? field("publicStatus") : null, Text = field("text") };
}

/// <summary>A drafted update: the template used and the text with the incident's fields filled in.</summary>
public sealed record UpdateDraftDto(string Incident, string Template, string Text, PublicStatus PublicStatus, IReadOnlyList<string> Templates);
