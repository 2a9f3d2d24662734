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
        return recorded.Event switch
        {
            TimelineEntryAdded => next,
            EntryPinned e => next with { Pinned = [.. next.Pinned, e.Entry] },
            EntryUnpinned e => next with { Pinned = [.. next.Pinned.Where(v => v != e.Entry)] },
            StatusChanged e => next with
            {
                Status = e.To,
                ResolvedAt = e.To == IncidentStatus.Resolved ? recorded.OccurredAt : e.To == IncidentStatus.Closed ? next.ResolvedAt : null,
                ClosedAt = e.To == IncidentStatus.Closed ? recorded.OccurredAt : null,
            },
            SeverityChanged e => next with { Severity = e.To },
            RoleAssigned e => WithMember(next with { Roles = new Dictionary<string, string>(next.Roles) { [e.Role] = e.Holder } }, e.Holder),
            ResponderJoined e => WithMember(next with { Responders = [.. next.Responders, e.Responder] }, e.Responder),
            ResponderLeft e => next with { Responders = [.. next.Responders.Where(r => r != e.Responder)] },
            IncidentDeclined e => next with { Status = IncidentStatus.Declined, DeclineReason = e.Reason },
            IncidentDeclared => throw new InvalidOperationException($"Incident {state.Id} is declared twice."),
            _ => throw new InvalidOperationException($"Unknown event {recorded.Event.GetType().Name}."),
        };
    }

    private static IncidentState WithMember(IncidentState state, string username) =>
        state.IsMember(username) ? state : state with { Members = [.. state.Members, username] };
}
