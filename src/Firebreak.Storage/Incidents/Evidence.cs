using Firebreak.Core.Incidents;
using Firebreak.Core.Evidence;

namespace Firebreak.Storage.Incidents;

/// <summary>Evidence content to keep: text or file bytes, or a link.</summary>
public sealed record NewEvidence(EvidenceKind Kind, string Name, string? ContentType, string? Url, byte[]? Content, string Sha256, bool Verification, string? CheckKind = null);

/// <summary>A kept evidence item, known by its <see cref="Number"/> within the incident; <see cref="Content"/> is loaded only for downloads.</summary>
public sealed record StoredEvidence(
    long Number,
    long IncidentId,
    EvidenceKind Kind,
    string Name,
    string? ContentType,
    string? Url,
    long Size,
    string Sha256,
    bool Verification,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    byte[]? Content)
{
    /// <summary>For verification evidence, what kind of check it records (from its event; null when none was given).</summary>
    public VerificationCheckKind? CheckKind { get; init; }
}
