using System.Globalization;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;

namespace Firebreak.Core.Reports;

/// <summary>
/// What the incidents of a window teach: how fast they were detected, acknowledged, mitigated and resolved,
/// where they repeat, what came of their action items and whether the process was followed; overall, by
/// severity, by service and by UTC month of their start. It names no incident, so private ones count in
/// every figure without showing anything of themselves.
/// </summary>
public sealed record LearningReport(
    DateTimeOffset Since,
    DateTimeOffset Until,
    string? Severity,
    string? Service,
    ReportGroup Overall,
    IReadOnlyList<ReportGroup> BySeverity,
    IReadOnlyList<ReportGroup> ByService,
    IReadOnlyList<ReportGroup> ByMonth)
{
    /// <summary>
    /// An incident is a repeat when an earlier one (not declined) on the same service, whose postmortem shares a
    /// root-cause tag with its own, started within this time before it.
    /// </summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(90);

    /// <summary>What the window's alerts came to (groups opened since the window's start, on the service when one is filtered); null when not looked at.</summary>
    public Alerts.AlertWindowFigures? Alerts { get; init; }

    /// <summary>Every group in one list, in the order the CSV and the page give them.</summary>
    public IEnumerable<ReportGroup> AllGroups() => [Overall, .. BySeverity, .. ByService, .. ByMonth];

    /// <summary>
    /// Computes the report. <paramref name="incidents"/> should reach back <see cref="RepeatWindow"/> before the
    /// window, so that repeats of earlier incidents are seen; only those the filter covers are counted.
    /// </summary>
    public static LearningReport Compute(
        ReportFilter filter,
        IReadOnlyList<IncidentFigures> incidents,
        IReadOnlyList<ActionItemState> actions,
        IReadOnlyList<PostmortemState> postmortems,
        SeverityScale severities,
        DateTimeOffset now)
    {
        var postmortemOf = postmortems.ToDictionary(p => p.IncidentId);
        var repeats = Repeats(incidents, postmortemOf);
        var covered = incidents.Where(filter.Covers).OrderBy(i => i.StartedAt).ThenBy(i => i.IncidentId).ToList();
        var actionsOf = actions.ToLookup(a => a.IncidentId);
        var context = new GroupContext(repeats, actionsOf, postmortemOf, severities, now);

        // Each row is put in its groups once: a severity as the scale names it, each of its services, its month.
        var levelOf = covered.Select(i => i.Severity).Distinct(StringComparer.Ordinal).ToDictionary(s => s, s => severities.Resolve(s)?.Name ?? s, StringComparer.Ordinal);
        var ofSeverity = covered.ToLookup(i => levelOf[i.Severity], StringComparer.Ordinal);
        var ofService = covered.SelectMany(i => i.Services.Select(s => (Service: s, Incident: i))).ToLookup(p => p.Service, p => p.Incident, StringComparer.Ordinal);
        var ofMonth = covered.ToLookup(i => Month(i.StartedAt), StringComparer.Ordinal);

        var bySeverity = severities.Levels.Select(l => l.Name)
            .Concat(levelOf.Values.Where(s => severities.Resolve(s) is null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .Where(s => filter.Severity is null || s == filter.Severity)
            .Select(s => Group("severity", s, [.. ofSeverity[s]], null, context))
            .ToList();

        var byService = ofService.Select(g => g.Key)
            .Where(s => filter.Service is null || s == filter.Service)
            .Select(s => Group("service", s, [.. ofService[s]], s, context))
            .OrderByDescending(g => g.Incidents).ThenBy(g => g.Group, StringComparer.Ordinal)
            .ToList();

        var byMonth = Months(filter.Since, now)
            .Select(m => Group("month", m, [.. ofMonth[m]], null, context))
            .ToList();

        return new LearningReport(filter.Since, now, filter.Severity, filter.Service, Group("overall", "all", covered, null, context), bySeverity, byService, byMonth);
    }

    /// <summary>The UTC month of an instant, as the report names it: 2026-09.</summary>
    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Months(DateTimeOffset since, DateTimeOffset until)
    {
        var month = new DateTime(since.UtcDateTime.Year, since.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month <= until.UtcDateTime; month = month.AddMonths(1))
        {
            yield return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// For each incident that repeats, the services on which an earlier incident (not declined) with a shared
    /// root-cause tag started within the repeat window before it. Incidents without tagged postmortems never repeat.
    /// </summary>
    private static Dictionary<long, HashSet<string>> Repeats(IReadOnlyList<IncidentFigures> incidents, Dictionary<long, PostmortemState> postmortemOf)
    {
        var repeats = new Dictionary<long, HashSet<string>>();
        var tagged = incidents.Where(i => !i.Declined && postmortemOf.TryGetValue(i.IncidentId, out var p) && p.CauseTags.Count > 0)
            .SelectMany(i => i.Services.SelectMany(s => postmortemOf[i.IncidentId].CauseTags.Select(t => (Service: s, Tag: t, Incident: i))))
            .GroupBy(p => (p.Service, p.Tag));
        foreach (var group in tagged)
        {
            DateTimeOffset? previous = null;
            foreach (var (service, _, incident) in group.OrderBy(p => p.Incident.StartedAt).ThenBy(p => p.Incident.IncidentId))
            {
                if (previous is { } before && incident.StartedAt - before <= RepeatWindow)
                {
                    (repeats.TryGetValue(incident.IncidentId, out var set) ? set : repeats[incident.IncidentId] = new HashSet<string>(StringComparer.Ordinal)).Add(service);
                }

                previous = incident.StartedAt;
            }
        }

        return repeats;
    }

    private sealed record GroupContext(
        Dictionary<long, HashSet<string>> Repeats,
        ILookup<long, ActionItemState> Actions,
        Dictionary<long, PostmortemState> Postmortems,
        SeverityScale Severities,
        DateTimeOffset Now)
    {
        private readonly Dictionary<string, TimeSpan> _targets = new(StringComparer.Ordinal);

        public TimeSpan TargetOf(string severity) =>
            _targets.TryGetValue(severity, out var target) ? target : _targets[severity] = Severities.PolicyOf(severity).ResponseTarget;
    }

    private static ReportGroup Group(string dimension, string name, IReadOnlyList<IncidentFigures> incidents, string? service, GroupContext context)
    {
        var real = incidents.Where(i => !i.Declined).ToList();
        var resolved = real.Where(i => i.ResolvedAt is not null).ToList();
        var repeats = real.Count(i => context.Repeats.TryGetValue(i.IncidentId, out var on) && (service is null || on.Contains(service)));

        var items = incidents.SelectMany(i => context.Actions[i.IncidentId]).ToList();
        var done = items.Count(a => a.Status == ActionStatus.Done);
        var wontDo = items.Count(a => a.Status == ActionStatus.WontDo);
        var actions = new ActionFigures(items.Count, done, wontDo, items.Count - done - wontDo, items.Count(a => a.IsOverdue(context.Now)), Share.From(done, items.Count - wontDo));

        var cadence = real.Where(i => i.CadenceKept is not null).ToList();
        int commanderMet = 0, commanderOf = 0;
        foreach (var incident in real)
        {
            var target = context.TargetOf(incident.Severity);
            if (incident.CommanderAt is { } at)
            {
                commanderOf++;
                commanderMet += at - incident.DeclaredAt <= target ? 1 : 0;
            }
            else if (incident.ResolvedAt is not null || context.Now - incident.DeclaredAt > target)
            {
                // Still inside its target with no commander yet: it has not missed it, so it is not counted.
                commanderOf++;
            }
        }

        int onTime = 0, due = 0;
        foreach (var incident in real)
        {
            if (!context.Postmortems.TryGetValue(incident.IncidentId, out var postmortem) || !postmortem.Required)
            {
                continue;
            }

            if (postmortem.PublishedAt is { } published)
            {
                due++;
                onTime += postmortem.DueAt is not { } dueAt || published <= dueAt ? 1 : 0;
            }
            else if (postmortem.DueAt is { } dueAt && context.Now > dueAt)
            {
                due++;
            }
        }

        var compliance = new Compliance(
            Share.From(cadence.Count(i => i.CadenceKept == true), cadence.Count),
            Share.From(commanderMet, commanderOf),
            Share.From(resolved.Count(i => i.Verified), resolved.Count),
            resolved.Count(i => i.Overridden && !i.Verified),
            Share.From(onTime, due));

        return new ReportGroup(
            dimension,
            name,
            incidents.Count,
            incidents.Count - real.Count,
            resolved.Count,
            repeats,
            Timing.Of(real.Select(i => i.DeclaredAt - i.StartedAt)),
            Timing.Of(real.Where(i => i.AcknowledgedAt is not null).Select(i => i.AcknowledgedAt!.Value - i.DeclaredAt)),
            Timing.Of(real.Where(i => i.FirstMitigationAt is not null).Select(i => i.FirstMitigationAt!.Value - i.DeclaredAt)),
            Timing.Of(resolved.Select(i => i.ResolvedAt!.Value - i.StartedAt)),
            actions,
            compliance);
    }
}
