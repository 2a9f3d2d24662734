namespace Firebreak.Core.Incidents;

/// <summary>
/// The stable stored names of the incident events. These strings are a storage contract: a changed
/// shape gets a new name (…v2) and an upcaster, never a rename.
/// </summary>
public static class EventTypes
{
    private static readonly (string Name, Type Type)[] Map =
    [
        ("incident.declared.v1", typeof(IncidentDeclared)),
        ("incident.entry-added.v1", typeof(TimelineEntryAdded)),
        ("incident.entry-pinned.v1", typeof(EntryPinned)),
        ("incident.entry-unpinned.v1", typeof(EntryUnpinned)),
        ("incident.status-changed.v1", typeof(StatusChanged)),
        ("incident.severity-changed.v1", typeof(SeverityChanged)),
        ("incident.role-assigned.v1", typeof(RoleAssigned)),
        ("incident.responder-joined.v1", typeof(ResponderJoined)),
        ("incident.responder-left.v1", typeof(ResponderLeft)),
        ("incident.declined.v1", typeof(IncidentDeclined)),
        ("incident.impact-stated.v1", typeof(ImpactStated)),
        ("incident.triage-recorded.v1", typeof(TriageRecorded)),
        ("incident.checklist-added.v1", typeof(ChecklistAdded)),
        ("incident.checklist-item-checked.v1", typeof(ChecklistItemChecked)),
        ("incident.update-posted.v1", typeof(UpdatePosted)),
        ("incident.hypothesis-updated.v1", typeof(HypothesisUpdated)),
        ("incident.mitigation-proposed.v1", typeof(MitigationProposed)),
        ("incident.mitigation-approved.v1", typeof(MitigationApproved)),
        ("incident.mitigation-started.v1", typeof(MitigationStarted)),
        ("incident.mitigation-applied.v1", typeof(MitigationApplied)),
        ("incident.mitigation-verified.v1", typeof(MitigationVerified)),
        ("incident.mitigation-abandoned.v1", typeof(MitigationAbandoned)),
        ("incident.evidence-attached.v2", typeof(EvidenceAttached)),
        ("incident.guardrail-fired.v1", typeof(GuardrailFired)),
        ("incident.guardrail-overridden.v1", typeof(GuardrailOverridden)),
        ("incident.verification-started.v1", typeof(VerificationStarted)),
        ("incident.verification-check-failed.v1", typeof(VerificationCheckFailed)),
        ("incident.verification-check-recovered.v1", typeof(VerificationCheckRecovered)),
        ("incident.verification-check-healthy.v1", typeof(VerificationCheckHealthy)),
        ("incident.verification-passed.v1", typeof(VerificationPassed)),
        ("incident.verification-recurred.v1", typeof(VerificationRecurred)),
    ];

    private static readonly Dictionary<string, Type> ByName = Map.ToDictionary(m => m.Name, m => m.Type);
    private static readonly Dictionary<Type, string> ByType = Map.ToDictionary(m => m.Type, m => m.Name);

    public static IReadOnlyCollection<Type> All => ByType.Keys;

    public static string NameOf(IIncidentEvent e) =>
        ByType.TryGetValue(e.GetType(), out var name) ? name : throw new InvalidOperationException($"{e.GetType().Name} has no stored name.");

    public static Type TypeOf(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown stored event type '{name}'.");
}
