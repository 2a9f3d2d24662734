using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Incidents;

/// <summary>One line of plain text for a recorded event, as the timeline shows it.</summary>
public static class TimelineText
{
    public static string Describe(IIncidentEvent e) => e switch
    {
        IncidentDeclared d => $"Declared {d.Severity}: {d.Title}" + (d.Private ? " (private)" : string.Empty),
        TimelineEntryAdded a => a.Text,
        EntryPinned p => $"Pinned entry {p.Entry}",
        EntryUnpinned p => $"Unpinned entry {p.Entry}",
        StatusChanged s => $"Status {WireNames.Of(s.From)} → {WireNames.Of(s.To)}" + (s.Reason is null ? string.Empty : $": {s.Reason}"),
        SeverityChanged s => $"Severity {s.From} → {s.To}: {s.Reason}",
        RoleAssigned r when r.PreviousHolder is null => $"{r.Holder} is {r.Role}",
        RoleAssigned r => $"{r.Role} handed off from {r.PreviousHolder} to {r.Holder}",
        ResponderJoined j => $"{j.Responder} joined",
        ResponderLeft l => $"{l.Responder} left",
        IncidentDeclined d => $"Declined: {d.Reason}",
        ImpactStated i => $"Impact: {StatusPage.Impacts.Describe(i.Components)}",
        TriageRecorded t => $"Triage suggested {t.Suggested}: {string.Join(" ", t.Reasons)}",
        ChecklistAdded c => $"Checklist '{c.Name}' added: {string.Join("; ", c.Items.Select((item, i) => $"{i + 1}. {item}"))}",
        ChecklistItemChecked c => $"Checklist '{c.Name}' item {c.Item} done",
        UpdatePosted u => $"{(u.Audience == UpdateAudience.Public ? $"Public update ({WireNames.Of(u.PublicStatus ?? PublicStatus.Investigating)})" : "Internal update")}: {u.Text}",
        HypothesisUpdated h => $"Hypothesis #{h.Entry} {WireNames.Of(h.Status)}",
        MitigationProposed m => $"Mitigation {m.Id} proposed ({WireNames.Of(m.Kind)}{(m.Risky ? ", risky" : string.Empty)}): {m.Title}"
                                + (m.Owner is null ? string.Empty : $", owner {m.Owner}")
                                + (m.ExpectedEffect is null ? string.Empty : $"; expected: {m.ExpectedEffect}")
                                + (m.RollbackPlan is null ? string.Empty : $"; rollback plan: {m.RollbackPlan}")
                                + (m.Checklist is null ? string.Empty : $"; checklist: no irreversible migration {YesNo(m.Checklist.NoIrreversibleMigration)}, no irreversible side effects {YesNo(m.Checklist.NoIrreversibleSideEffects)}, target {m.Checklist.KnownGoodTarget ?? "unknown"}"),
        MitigationApproved m => $"Mitigation {m.Id} approved by the commander",
        MitigationStarted m => $"Mitigation {m.Id} started",
        MitigationApplied m => $"Mitigation {m.Id} applied",
        MitigationVerified m => $"Mitigation {m.Id} verified" + (m.Note is null ? string.Empty : $": {m.Note}"),
        MitigationAbandoned m => $"Mitigation {m.Id} abandoned: {m.Reason}",
        EvidenceAttached a => $"{(a.Verification ? "Verification evidence" : "Evidence")} #{a.Number} attached ({WireNames.Of(a.Kind)}{(a.CheckKind is { } k ? $", checked: {WireNames.Of(k)}" : string.Empty)}): {a.Name}" + (a.Url is null ? string.Empty : $" {a.Url}") + $" sha256:{a.Sha256[..Math.Min(12, a.Sha256.Length)]}",
        GuardrailFired g => $"[{g.Guardrail}] {g.Message} {g.Fix}",
        GuardrailOverridden g => $"Guardrail {g.Guardrail} overridden: {g.Reason}",
        VerificationStarted { Checks.Count: 0 } v => $"Verification started: no symptom may come back until {v.EndsAt.UtcDateTime:HH:mm} UTC",
        VerificationStarted v => $"Verification started: {string.Join(", ", v.Checks)} must stay healthy until {v.EndsAt.UtcDateTime:HH:mm} UTC",
        VerificationRecurred v => $"Verification window restarts, ending {v.EndsAt.UtcDateTime:HH:mm} UTC: {v.What}",
        VerificationCheckFailed v => $"Verification check failed for {v.Check}: {v.Detail}",
        VerificationCheckHealthy v => $"Verification check healthy again for {v.Check}: {v.Detail}; the window waits for the checks still failing",
        VerificationCheckRecovered v => $"Verification checks healthy again ({v.Check}); the window restarts, ending {v.EndsAt.UtcDateTime:HH:mm} UTC",
        VerificationPassed { Checks.Count: 0 } => "Verification passed: nothing came back through the monitoring window",
        VerificationPassed v => $"Verification passed: {string.Join(", ", v.Checks)} stayed healthy through the monitoring window",
        _ => e.GetType().Name,
    };

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>The short kind shown beside an event: the entry kind for written entries, else the change.</summary>
    public static string Kind(IIncidentEvent e) => e switch
    {
        TimelineEntryAdded a => WireNames.Of(a.Kind),
        IncidentDeclared => "declared",
        EntryPinned or EntryUnpinned => "pin",
        StatusChanged => "status",
        SeverityChanged => "severity",
        RoleAssigned => "role",
        ResponderJoined or ResponderLeft => "participation",
        IncidentDeclined => "declined",
        ImpactStated => "impact",
        TriageRecorded => "triage",
        ChecklistAdded or ChecklistItemChecked => "checklist",
        UpdatePosted => "update",
        HypothesisUpdated => "hypothesis",
        MitigationProposed or MitigationApproved or MitigationStarted or MitigationApplied or MitigationVerified or MitigationAbandoned => "mitigation",
        EvidenceAttached => "evidence",
        GuardrailFired or GuardrailOverridden => "guardrail",
        VerificationStarted or VerificationCheckFailed or VerificationCheckHealthy or VerificationCheckRecovered or VerificationRecurred or VerificationPassed => "verification",
        _ => "event",
    };
}
