using Firebreak.Core.Investigation;

namespace Firebreak.Core.Mitigations;

/// <summary>A mitigation as it stands.</summary>
public sealed record Mitigation
{
    public required int Id { get; init; }
    public required MitigationKind Kind { get; init; }
    public required string Title { get; init; }
    public string? Owner { get; init; }
    public string? ExpectedEffect { get; init; }
    public bool Risky { get; init; }
    public string? RollbackPlan { get; init; }
    public RollbackChecklist? Checklist { get; init; }
    public required MitigationState State { get; init; }
    public string? ApprovedBy { get; init; }
    public required DateTimeOffset ProposedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public string? Note { get; init; }
}
