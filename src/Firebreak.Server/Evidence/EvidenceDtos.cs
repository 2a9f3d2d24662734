using System.Text.Json.Serialization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Evidence;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EvidenceRequest : CommandRequest
{
    /// <summary>text or link (files go to POST …/evidence/file).</summary>
    public string? Kind { get; set; }

    public string? Name { get; set; }

    /// <summary>The text to keep (kind text).</summary>
    public string? Text { get; set; }

    /// <summary>The address (kind link).</summary>
    public string? Url { get; set; }

    /// <summary>true when it shows the fix works (counts as verification for resolving).</summary>
    public bool? Verification { get; set; }

    /// <summary>What verification evidence checked: health-check, metric, client-side, alerts-quiet or other.</summary>
    public string? CheckKind { get; set; }
}

/// <summary>A kept evidence item: <see cref="Id"/> is its number within the incident (1, 2, 3 …); the content is at its content URL.</summary>
public sealed record EvidenceDto(long Id, string Incident, EvidenceKind Kind, string Name, string? ContentType, string? Url, long Size, string Sha256, bool Verification, string CreatedBy, DateTimeOffset CreatedAt, string? ContentUrl)
{
    /// <summary>For verification evidence: health-check, metric, client-side, alerts-quiet or other (null when not given).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CheckKind { get; init; }
}
