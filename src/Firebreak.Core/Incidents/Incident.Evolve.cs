using Firebreak.Core.Updates;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Incidents;

public static partial class Incident
{
    /// <summary>Applies one recorded event. The first event must be <see cref="IncidentDeclared"/>.</summary>
    public static IncidentState Evolve(IncidentState? state, RecordedEvent recorded)
    {
        if (state is null)
        {
            if (recorded.Event is not IncidentDeclared d)
            {
                throw new InvalidOperationException($"Stream {recorded.IncidentId} starts with {recorded.Event.GetType().Name}, not a declaration.");
            }

            return new IncidentState
            {
                Id = recorded.IncidentId,
                Version = recorded.Version,
                Title = d.Title,
                Severity = d.Severity,
                Summary = d.Summary,
                Impact = d.Impact,
                Services = d.Services,
                Status = d.Status,
                Private = d.Private,
                StartedAt = d.StartedAt,
                DeclaredAt = recorded.OccurredAt,
                DeclaredBy = recorded.Actor,
                UpdatedAt = recorded.OccurredAt,
                Members = [recorded.Actor],
            };
        }

        var next = state with { Version = recorded.Version, UpdatedAt = recorded.OccurredAt };
        var at = recorded.OccurredAt;
        return recorded.Event switch
        {
            TimelineEntryAdded { Kind: EntryKind.Hypothesis } => next with
            {
                LastActivityAt = at,
                Hypotheses = [.. next.Hypotheses, new Hypothesis(recorded.Version, HypothesisStatus.Open, at)],
            },
            TimelineEntryAdded { Kind: EntryKind.Symptom or EntryKind.Result } => next with { LastActivityAt = at, LastEvidenceAt = at },
            TimelineEntryAdded => next with { LastActivityAt = at },
            EntryPinned e => next with { Pinned = [.. next.Pinned, e.Entry] },
            EntryUnpinned e => next with { Pinned = [.. next.Pinned.Where(v => v != e.Entry)] },
            StatusChanged e => next with
            {
                Status = e.To,
                Verification = e.To == IncidentStatus.Monitoring ? next.Verification : null,
                ResolutionAnnounced = e.To == IncidentStatus.Resolved ? false : next.ResolutionAnnounced,
                ResolvedAt = e.To == IncidentStatus.Resolved ? recorded.OccurredAt : e.To == IncidentStatus.Closed ? next.ResolvedAt : null,
                ClosedAt = e.To == IncidentStatus.Closed ? recorded.OccurredAt : null,
            },
            SeverityChanged e => next with { Severity = e.To },
            RoleAssigned e => WithMember(next with { Roles = new Dictionary<string, string>(next.Roles) { [e.Role] = e.Holder } }, e.Holder),
            ResponderJoined e => WithMember(next with { Responders = [.. next.Responders, e.Responder] }, e.Responder),
            ResponderLeft e => next with { Responders = [.. next.Responders.Where(r => r != e.Responder)] },
            ImpactStated e => next with { ComponentImpact = StatusPage.Impacts.Apply(next.ComponentImpact, e.Components) },
            IncidentDeclined e => next with { Status = IncidentStatus.Declined, DeclineReason = e.Reason },
            TriageRecorded => next,
            ChecklistAdded e => next with { Checklists = [.. next.Checklists, new Checklist(e.Name, e.Items, [])] },
            ChecklistItemChecked e => next with
            {
                Checklists = [.. next.Checklists.Select(l => l.Name == e.Name ? l with { Done = [.. l.Done, e.Item] } : l)],
            },
            UpdatePosted e => next with
            {
                LastUpdateAt = at,
                LastActivityAt = at,
                LastPublicStatus = e.PublicStatus ?? next.LastPublicStatus,
                PublicSteps = e.PublicStatus is { } shown ? [.. next.PublicSteps, new PublicStep(recorded.Version, shown, at)] : next.PublicSteps,
                // Only an update to stakeholders announces a resolution; an internal note to the team does not.
                ResolutionAnnounced = next.ResolutionAnnounced || (e.Audience == UpdateAudience.Public && next.Status is IncidentStatus.Resolved or IncidentStatus.Closed),
            },
            HypothesisUpdated e => next with
            {
                LastActivityAt = at,
                Hypotheses = [.. next.Hypotheses.Select(h => h.Entry == e.Entry ? h with { Status = e.Status, At = at } : h)],
            },
            MitigationProposed e => next with
            {
                LastActivityAt = at,
                Mitigations =
                [
                    .. next.Mitigations,
                    new Mitigation
                    {
                        Id = e.Id, Kind = e.Kind, Title = e.Title, Owner = e.Owner, ExpectedEffect = e.ExpectedEffect, Risky = e.Risky,
                        RollbackPlan = e.RollbackPlan, Checklist = e.Checklist?.ToChecklist(), State = MitigationState.Proposed, ProposedAt = at,
                    },
                ],
            },
            MitigationApproved e => WithMitigation(next, e.Id, at, m => m with { ApprovedBy = recorded.Actor }),
            MitigationStarted e => WithMitigation(next, e.Id, at, m => m with { State = MitigationState.Started, StartedAt = at }),
            MitigationApplied e => WithMitigation(next, e.Id, at, m => m with { State = MitigationState.Applied, AppliedAt = at }),
            MitigationVerified e => WithMitigation(next, e.Id, at, m => m with { State = MitigationState.Verified, VerifiedAt = at, Note = e.Note }),
            MitigationAbandoned e => WithMitigation(next, e.Id, at, m => m with { State = MitigationState.Abandoned, Note = e.Reason }),
            EvidenceAttached e => next with
            {
                LastActivityAt = at,
                LastEvidenceAt = at,
                EvidenceCount = next.EvidenceCount + 1,
                HasVerificationEvidence = next.HasVerificationEvidence || e.Verification,
            },
            GuardrailFired e => next.FiredNudges.Contains(e.Key) ? next : next with { FiredNudges = [.. next.FiredNudges, e.Key] },
            GuardrailOverridden => next,
            VerificationStarted e => next with { Verification = new VerificationWindow(at, e.EndsAt, e.Checks, []) },
            VerificationCheckFailed e => next.Verification is { } v
                ? next with { Verification = v with { Failing = [.. v.Failing.Where(f => f != e.Check), e.Check] } }
                : next,
            VerificationCheckHealthy e => next.Verification is { } h ? next with { Verification = h with { Failing = [.. h.Failing.Where(f => f != e.Check)] } } : next,
            VerificationCheckRecovered e => next.Verification is { } v ? next with { Verification = v with { Failing = [], EndsAt = e.EndsAt } } : next,
            VerificationRecurred e => next.Verification is { } r ? next with { Verification = r with { EndsAt = e.EndsAt } } : next,
            VerificationPassed => next with { Verification = null },
            IncidentDeclared => throw new InvalidOperationException($"Incident {state.Id} is declared twice."),
            _ => throw new InvalidOperationException($"Unknown event {recorded.Event.GetType().Name}."),
        };
    }

    private static IncidentState WithMitigation(IncidentState state, int id, DateTimeOffset at, Func<Mitigation, Mitigation> change) =>
        state with { LastActivityAt = at, Mitigations = [.. state.Mitigations.Select(m => m.Id == id ? change(m) : m)] };

    private static IncidentState WithMember(IncidentState state, string username) =>
        state.IsMember(username) ? state : state with { Members = [.. state.Members, username] };
}
