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
    IReadOnlyList<ComponentImpact> Affected,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<PublicUpdate> Updates)
{
    public bool IsActive => Status != PublicStatus.Resolved;

    /// <summary>The names of the components it affects, in the page's order.</summary>
    public IReadOnlyList<string> Components => [.. Affected.Select(a => a.Component)];
}

/// <summary>A component with the status the page shows now, and the status set by hand that decides it (if any).</summary>
public sealed record ComponentState(StatusComponent Component, ComponentStatus Status, HandStatus? Hand = null);

/// <summary>The whole public page at one moment: every component's status, the incidents told in public, the maintenance, the overall indicator.</summary>
public sealed record StatusBoard(IReadOnlyList<ComponentState> Components, IReadOnlyList<PublicIncident> Incidents, ComponentStatus Overall, DateTimeOffset At)
{
    /// <summary>Every maintenance not cancelled before it began, newest window first.</summary>
    public IReadOnlyList<MaintenanceState> Maintenances { get; init; } = [];

    /// <summary>Uptime per component over the last days, when the history was given.</summary>
    public IReadOnlyDictionary<string, ComponentUptime> Uptime { get; init; } = new Dictionary<string, ComponentUptime>();

    /// <summary>
    /// Builds the page from the incidents and their updates, the maintenance and the statuses set by
    /// hand. Only what was said in public counts: a private incident, or one with no public update yet,
    /// is not on the page at all, and an internal update never is. An active incident affects the
    /// components its impact was stated for, else those covering its services at its severity's
    /// impact (the most severe level a major outage, the next a partial one, the rest degraded
    /// performance). A component shows, in this order: the status set by hand while it stands; else
    /// the worst impact of its active incidents; else under maintenance while a maintenance on it is
    /// in progress; else operational.
    /// </summary>
    public static StatusBoard Build(
        IReadOnlyList<StatusComponent> components,
        IEnumerable<(IncidentState State, IReadOnlyList<RecordedEvent> Events)> incidents,
        SeverityScale severities,
        DateTimeOffset at,
        IReadOnlyList<MaintenanceState>? maintenances = null,
        IReadOnlyDictionary<string, HandStatus>? hand = null)
    {
        maintenances ??= [];
        hand ??= new Dictionary<string, HandStatus>();
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
            var affected = AffectedBy(components, state, severities);
            told.Add(new PublicIncident(
                state.Id,
                state.Title,
                status,
                affected.Select(a => a.Status).DefaultIfEmpty(ImpactOf(severities, state.Severity)).Max(),
                affected,
                state.StartedAt,
                status == PublicStatus.Resolved ? state.PublicSteps[^1].At : null,
                updates));
        }

        var states = components.Select(c =>
        {
            if (hand.TryGetValue(c.Name, out var set))
            {
                return new ComponentState(c, set.Status, set);
            }

            var impact = told.Where(i => i.IsActive).SelectMany(i => i.Affected).Where(a => a.Component == c.Name).Select(a => a.Status).DefaultIfEmpty(ComponentStatus.Operational).Max();
            if (impact == ComponentStatus.Operational && maintenances.Any(m => m.IsActive && m.Components.Contains(c.Name)))
            {
                impact = ComponentStatus.UnderMaintenance;
            }

            return new ComponentState(c, impact);
        }).ToList();
        var overall = states.Select(s => s.Status).DefaultIfEmpty(ComponentStatus.Operational).Max();
        // An active incident that affects no component still counts for the page as a whole.
        if (told.Where(i => i.IsActive && i.Affected.Count == 0).Select(i => i.Impact).DefaultIfEmpty(ComponentStatus.Operational).Max() is var unplaced && unplaced > overall)
        {
            overall = unplaced;
        }

        return new StatusBoard(states, [.. told.OrderByDescending(i => i.StartedAt)], overall, at)
        {
            Maintenances = [.. maintenances.Where(m => m.Status != MaintenanceStatus.Cancelled || m.StartedAt is not null).OrderByDescending(m => m.StartsAt)],
        };
    }

    /// <summary>
    /// The components an incident affects and how: as stated per component when its impact was
    /// stated, else every component covering one of its services at its severity's impact.
    /// </summary>
    public static IReadOnlyList<ComponentImpact> AffectedBy(IReadOnlyList<StatusComponent> components, IncidentState state, SeverityScale severities)
    {
        if (state.ComponentImpact.Count > 0)
        {
            return [.. components
                .Where(c => state.ComponentImpact.TryGetValue(c.Name, out var stated) && stated != ComponentStatus.Operational)
                .Select(c => new ComponentImpact(c.Name, state.ComponentImpact[c.Name]))];
        }

        var impact = ImpactOf(severities, state.Severity);
        return [.. components.Where(c => c.IsAffectedBy(state.Services)).Select(c => new ComponentImpact(c.Name, impact))];
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
