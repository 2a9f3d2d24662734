using Firebreak.Core.Common;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Core.Investigation;
using Firebreak.Core.Evidence;

namespace Firebreak.Core.Incidents;

/// <summary>Something that happened to an incident. Stored under a stable type name, never rewritten.</summary>
public interface IIncidentEvent : IEvent;

/// <summary>The incident was declared.</summary>
public sealed record IncidentDeclared(
    string Title,
    string Severity,
    string? Summary,
    string? Impact,
    IReadOnlyList<string> Services,
    DateTimeOffset StartedAt,
    bool Private,
    IncidentStatus Status) : IIncidentEvent;

/// <summary>A responder wrote a typed entry on the timeline.</summary>
public sealed record TimelineEntryAdded(EntryKind Kind, string Text) : IIncidentEvent;

/// <summary>A timeline entry was pinned as a key moment.</summary>
public sealed record EntryPinned(long Entry) : IIncidentEvent;

/// <summary>A pinned entry was unpinned.</summary>
public sealed record EntryUnpinned(long Entry) : IIncidentEvent;

/// <summary>The incident moved along its lifecycle.</summary>
public sealed record StatusChanged(IncidentStatus From, IncidentStatus To, string? Reason) : IIncidentEvent;

/// <summary>The incident was upgraded or downgraded.</summary>
public sealed record SeverityChanged(string From, string To, string Reason) : IIncidentEvent;

/// <summary>Someone took a role; <see cref="PreviousHolder"/> is set for a handoff.</summary>
public sealed record RoleAssigned(string Role, string Holder, string? PreviousHolder) : IIncidentEvent;

/// <summary>Someone joined the response.</summary>
public sealed record ResponderJoined(string Responder) : IIncidentEvent;

/// <summary>Someone left the response.</summary>
public sealed record ResponderLeft(string Responder) : IIncidentEvent;

/// <summary>
/// The incident's impact on status page components was stated (at declare or later): each listed
/// component takes the status given, and operational takes it off the incident's impact.
/// </summary>
public sealed record ImpactStated(IReadOnlyList<StatusPage.ComponentImpact> Components) : IIncidentEvent;

/// <summary>The report was a false alarm (only from triage).</summary>
public sealed record IncidentDeclined(string Reason) : IIncidentEvent;

/// <summary>
/// An event with its place in the incident's stream, who caused it and when; <see cref="Position"/>
/// is its place in the store's global order (0 before it is stored).
/// </summary>
public sealed record RecordedEvent(long IncidentId, long Version, IIncidentEvent Event, string Actor, DateTimeOffset OccurredAt, long Position = 0);

/// <summary>The triage questions were answered at declare.</summary>
public sealed record TriageRecorded(RecordedTriageAnswers Answers, string Suggested, IReadOnlyList<string> Reasons) : IIncidentEvent;

/// <summary>
/// The triage answers as the event stores them: the event's own shape, apart from the Core type the
/// commands and the suggestion use, so either can change without rewriting stored history.
/// </summary>
public sealed record RecordedTriageAnswers(
    Triage.UsersAffected UsersAffected,
    Triage.Answer CoreFeatureBroken,
    Triage.Answer DataLoss,
    Triage.Answer Workaround,
    Triage.Answer SecurityBreach,
    Triage.Answer RecentChange,
    Triage.Answer RollbackPossible,
    DateTimeOffset? StartedAt)
{
    public static RecordedTriageAnswers From(Triage.TriageAnswers a) =>
        new(a.UsersAffected, a.CoreFeatureBroken, a.DataLoss, a.Workaround, a.SecurityBreach, a.RecentChange, a.RollbackPossible, a.StartedAt);
}

/// <summary>A rollback's checklist as the event stores it (apart from the Core type the state and the guardrails use).</summary>
public sealed record RecordedRollbackChecklist(bool NoIrreversibleMigration, bool NoIrreversibleSideEffects, string? KnownGoodTarget)
{
    public static RecordedRollbackChecklist From(RollbackChecklist c) => new(c.NoIrreversibleMigration, c.NoIrreversibleSideEffects, c.KnownGoodTarget);

    public RollbackChecklist ToChecklist() => new(NoIrreversibleMigration, NoIrreversibleSideEffects, KnownGoodTarget);
}

/// <summary>A checklist was added (for example the security checklist).</summary>
public sealed record ChecklistAdded(string Name, IReadOnlyList<string> Items) : IIncidentEvent;

/// <summary>A checklist item was done.</summary>
public sealed record ChecklistItemChecked(string Name, int Item) : IIncidentEvent;

/// <summary>A stakeholder update went out.</summary>
public sealed record UpdatePosted(UpdateAudience Audience, PublicStatus? PublicStatus, string Text) : IIncidentEvent;

/// <summary>A hypothesis was confirmed, rejected or reopened.</summary>
public sealed record HypothesisUpdated(long Entry, HypothesisStatus Status) : IIncidentEvent;

public sealed record MitigationProposed(
    int Id,
    MitigationKind Kind,
    string Title,
    string? Owner,
    string? ExpectedEffect,
    bool Risky,
    string? RollbackPlan,
    RecordedRollbackChecklist? Checklist) : IIncidentEvent;

/// <summary>The commander approved a risky mitigation.</summary>
public sealed record MitigationApproved(int Id) : IIncidentEvent;

public sealed record MitigationStarted(int Id) : IIncidentEvent;

public sealed record MitigationApplied(int Id) : IIncidentEvent;

public sealed record MitigationVerified(int Id, string? Note) : IIncidentEvent;

public sealed record MitigationAbandoned(int Id, string Reason) : IIncidentEvent;

/// <summary>
/// Evidence was kept; the content lives immutably beside the stream as evidence <see cref="Number"/> of
/// the incident (1, 2, 3 … within each incident, so it tells nothing of other incidents). Events stored
/// before evidence was numbered per incident read with <see cref="Number"/> 0, and the store numbers
/// them by their place among the incident's evidence. <see cref="CheckKind"/> says what verification evidence
/// checked; events stored before it existed read with none (an added optional field keeps the name).
/// </summary>
public sealed record EvidenceAttached(long Number, EvidenceKind Kind, string Name, string Sha256, long Size, string? Url, bool Verification, VerificationCheckKind? CheckKind = null) : IIncidentEvent;

/// <summary>
/// A guardrail nudged the responders (recorded once per occurrence, <see cref="Key"/>). <see cref="Action"/>
/// is the fix as data; events stored before it existed read with none (an added optional field keeps the name).
/// </summary>
public sealed record GuardrailFired(string Guardrail, string Level, string Message, string Fix, string Key, Guardrails.FixAction? Action = null) : IIncidentEvent;

/// <summary>Someone went past a blocking guardrail, and said why.</summary>
public sealed record GuardrailOverridden(string Guardrail, string Reason) : IIncidentEvent;

/// <summary>Resolving started verification: the checks must pass until <see cref="EndsAt"/>.</summary>
public sealed record VerificationStarted(DateTimeOffset EndsAt, IReadOnlyList<string> Checks) : IIncidentEvent;

/// <summary>A check failed during verification; the incident stays in monitoring.</summary>
public sealed record VerificationCheckFailed(string Check, string Detail) : IIncidentEvent;

/// <summary>A failing check passes again while others still fail: it leaves the failing list, and the window waits for the rest.</summary>
public sealed record VerificationCheckHealthy(string Check, string Detail) : IIncidentEvent;

/// <summary>All checks pass again; a clean window starts over and ends at <see cref="EndsAt"/>.</summary>
public sealed record VerificationCheckRecovered(string Check, DateTimeOffset EndsAt) : IIncidentEvent;

/// <summary>The problem showed again while the window ran (<see cref="What"/>); the window starts over and ends at <see cref="EndsAt"/>.</summary>
public sealed record VerificationRecurred(string What, DateTimeOffset EndsAt) : IIncidentEvent;

/// <summary>The monitoring window passed clean.</summary>
public sealed record VerificationPassed(IReadOnlyList<string> Checks) : IIncidentEvent;
