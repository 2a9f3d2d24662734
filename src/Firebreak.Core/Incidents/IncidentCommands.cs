using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Core.Investigation;
using Firebreak.Core.Evidence;

namespace Firebreak.Core.Incidents;

/// <summary>A request to change an incident, decided against its current state.</summary>
public interface IIncidentCommand;

public sealed record DeclareIncident(
    string? Title,
    string? Severity,
    string? Summary,
    string? Impact,
    IReadOnlyList<string>? Services,
    DateTimeOffset? StartedAt,
    bool Private,
    string? Status,
    string? Commander) : IIncidentCommand
{
    /// <summary>The triage answers, when the triage assistant was used; the suggested level applies when no severity is given.</summary>
    public Firebreak.Core.Triage.TriageAnswers? Triage { get; init; }

    /// <summary>The impact on status page components, when stated at declare (as <see cref="StateImpact"/> takes it).</summary>
    public IReadOnlyDictionary<string, string?>? Components { get; init; }
}

public sealed record AddEntry(string? Kind, string? Text) : IIncidentCommand;

/// <summary>Pins or unpins an entry. <see cref="Target"/> is the event at that version, looked up by the caller.</summary>
public sealed record PinEntry(long Entry, bool Pin, IIncidentEvent? Target) : IIncidentCommand;

public sealed record ChangeStatus(string? Status, string? Reason) : IIncidentCommand;

public sealed record ChangeSeverity(string? Severity, string? Reason) : IIncidentCommand;

public sealed record AssignRole(string? Role, string? Holder) : IIncidentCommand;

public sealed record JoinResponse : IIncidentCommand;

public sealed record LeaveResponse : IIncidentCommand;

public sealed record DeclineIncident(string? Reason) : IIncidentCommand;

/// <summary>States the impact on status page components: component name to a status (operational takes it off).</summary>
public sealed record StateImpact(IReadOnlyDictionary<string, string?>? Components) : IIncidentCommand;

public sealed record PostUpdate(string? Audience, string? PublicStatus, string? Text) : IIncidentCommand;

public sealed record SetHypothesis(long Entry, string? Status, IIncidentEvent? Target) : IIncidentCommand;

public sealed record CheckChecklistItem(string? Name, int Item) : IIncidentCommand;

/// <summary>
/// Opens the usual-suspects checklist if the incident is due one (the scheduler sends it after a declare
/// or a severity change). <see cref="Changes"/> are the changes recorded to its services in the "what
/// changed" window, looked up by the caller; null when they were not looked up.
/// </summary>
public sealed record OpenUsualSuspects(IReadOnlyList<Firebreak.Core.Changes.Change>? Changes) : IIncidentCommand;

/// <summary>
/// Records evidence whose content the caller has already stored as the incident's evidence <see cref="Number"/>;
/// <see cref="CheckKind"/> names what a verification item checked (a wire name of <see cref="VerificationCheckKind"/>).
/// </summary>
public sealed record AttachEvidence(long Number, EvidenceKind Kind, string Name, string Sha256, long Size, string? Url, bool Verification, string? CheckKind = null) : IIncidentCommand;

public sealed record ProposeMitigation(
    string? Kind,
    string? Title,
    string? Owner,
    string? ExpectedEffect,
    bool Risky,
    string? RollbackPlan,
    RollbackChecklist? Checklist) : IIncidentCommand;

public sealed record ApproveMitigation(int Id) : IIncidentCommand;

public sealed record StartMitigation(int Id) : IIncidentCommand;

public sealed record ApplyMitigation(int Id) : IIncidentCommand;

public sealed record VerifyMitigation(int Id, string? Note) : IIncidentCommand;

public sealed record AbandonMitigation(int Id, string? Reason) : IIncidentCommand;

/// <summary>Records the time-based nudges that fired and are not on the timeline yet (the scheduler sends it).</summary>
public sealed record RecordNudges : IIncidentCommand;

/// <summary>Records a round of verification checks (the scheduler sends it).</summary>
public sealed record RecordVerification(IReadOnlyList<CheckResult> Results) : IIncidentCommand;

/// <summary>What a decision needs besides the state: who acts, when, and the policies in force.</summary>
public sealed record DecisionContext(string Actor, DateTimeOffset Now, SeverityScale Severities)
{
    public Guardrails.GuardrailOptions Guardrails { get; init; } = Firebreak.Core.Guardrails.GuardrailOptions.Default;

    /// <summary>Services (lowercase) that have health checks, so resolving them can be verified automatically.</summary>
    public IReadOnlySet<string> CheckedServices { get; init; } = new HashSet<string>();

    /// <summary>The status page's components, by name, in order: what an impact statement may name.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>The reason given to go past blocking guardrails, if any.</summary>
    public string? Override { get; init; }
}
