using Firebreak.Core.Incidents;
using Firebreak.Core.Updates;

namespace Firebreak.Core.StatusPage;

/// <summary>A public update as the status page shows it: the status it announced, its words and when.</summary>
public sealed record PublicUpdate(long Version, PublicStatus Status, string Body, DateTimeOffset At);

/// <summary>What the status page knows of one incident: only what was said in public.</summary>
public sealed record PublicIncident(
    long Id,
    string Title,
    PublicStatus Status,
    ComponentStatus Impact,
    IReadOnlyList<string> Components,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<PublicUpdate> Updates)
{
    public bool IsActive => Status != PublicStatus.Resolved;
}

/// <summary>A component with the status the page shows now.</summary>
public sealed record ComponentState(StatusComponent Component, ComponentStatus Status);

/// <summary>The whole public page at one moment: every component's status, the incidents told in public, the overall indicator.</summary>
public sealed record StatusBoard(IReadOnlyList<ComponentState> Components, IReadOnlyList<PublicIncident> Incidents, ComponentStatus Overall, DateTimeOffset At)
{
    /// <summary>
    /// Builds the page from the incidents and their updates. Only what was said in public counts: a
    /// private incident, or one with no public update yet, is not on the page at all, and an internal
    /// update never is. An active incident's impact is its severity's (the most severe level a major
    /// outage, the next a partial one, the rest degraded performance); a component shows the worst
    /// impact of the active incidents that name its services, and operational when there is none.
    /// </summary>
    public static StatusBoard Build(
        IReadOnlyList<StatusComponent> components,
        IEnumerable<(IncidentState State, IReadOnlyList<RecordedEvent> Events)> incidents,
        SeverityScale severities,
        DateTimeOffset at)
    {
        var told = new List<PublicIncident>();
        foreach (var (state, events) in incidents)
        {
            if (state.Private || state.PublicSteps.Count == 0)
            {
                continue;
            }

            var updates = events
                .Where(e => e.Event is UpdatePosted { Audience: UpdateAudience.Public })
                .Select(e => (Version: e.Version, Posted: (UpdatePosted)e.Event, e.OccurredAt))
                .Select(u => new PublicUpdate(u.Version, u.Posted.PublicStatus ?? PublicStatus.Investigating, u.Posted.Text, u.OccurredAt))
                .ToList();
            var status = state.PublicSteps[^1].Status;
            told.Add(new PublicIncident(
                state.Id,
                state.Title,
                status,
                ImpactOf(severities, state.Severity),
                [.. components.Where(c => c.IsAffectedBy(state.Services)).Select(c => c.Name)],
                state.StartedAt,
                status == PublicStatus.Resolved ? state.PublicSteps[^1].At : null,
                updates));
        }

        var states = components
            .Select(c => new ComponentState(c, told.Where(i => i.IsActive && i.Components.Contains(c.Name)).Select(i => i.Impact).DefaultIfEmpty(ComponentStatus.Operational).Max()))
            .ToList();
        var overall = states.Select(s => s.Status).DefaultIfEmpty(ComponentStatus.Operational).Max();
        if (told.Any(i => i.IsActive && i.Impact > overall))
        {
            overall = told.Where(i => i.IsActive).Max(i => i.Impact);
        }

        return new StatusBoard(states, [.. told.OrderByDescending(i => i.StartedAt)], overall, at);
    }

    /// <summary>The impact an incident's severity stands for, until an impact is stated per component.</summary>
    public static ComponentStatus ImpactOf(SeverityScale severities, string severity) =>
        severities.PolicyOf(severity).Rank switch
        {
            1 => ComponentStatus.MajorOutage,
            2 => ComponentStatus.PartialOutage,
            _ => ComponentStatus.DegradedPerformance,
        };

    /// <summary>The page's headline for <paramref name="status"/>, in the words status pages use.</summary>
    public static string Describe(ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "All Systems Operational",
        ComponentStatus.UnderMaintenance => "Service Under Maintenance",
        ComponentStatus.DegradedPerformance => "Partially Degraded Service",
        ComponentStatus.PartialOutage => "Partial System Outage",
        _ => "Major System Outage",
    };
}
