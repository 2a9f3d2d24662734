using Firebreak.Core.Incidents;

namespace Firebreak.Core.StatusPage;

/// <summary>
/// A period in which a component had a status, from an incident, a maintenance, or set by hand
/// (<see cref="Hand"/>: it decides over the others while it stands, as it does on the page).
/// </summary>
public sealed record StatusPeriod(string Component, DateTimeOffset From, DateTimeOffset? To, ComponentStatus Status, bool Hand = false);

/// <summary>How much each status counts as down time: Statuspage's weighting by default (major 100 %, partial 30 %, degraded 0 %).</summary>
public sealed record UptimeWeights(double MajorOutage, double PartialOutage, double DegradedPerformance)
{
    public static readonly UptimeWeights Default = new(1.0, 0.3, 0.0);

    public double Of(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => MajorOutage,
        ComponentStatus.PartialOutage => PartialOutage,
        ComponentStatus.DegradedPerformance => DegradedPerformance,
        _ => 0,
    };
}

/// <summary>One day of a component's bar: the worst status it had, whether maintenance ran, and the share of the day it was up.</summary>
public sealed record UptimeDay(DateOnly Date, ComponentStatus Worst, bool Maintenance, double Uptime, TimeSpan Down, bool Corrected);

/// <summary>A component's uptime bars over the last days and its percentage over all of them.</summary>
public sealed record ComponentUptime(IReadOnlyList<UptimeDay> Days, double Percentage);

/// <summary>
/// Uptime from a component's status history. Each moment counts with the weight of the worst status
/// an incident gave it then, or of the status set by hand while one stands; maintenance is shown on the day but does not
/// count as down time, nor does it hide an incident's down time in its window. A correction says
/// what a period really was and wins over everything in it (the latest correction where they overlap).
/// Days are UTC days; today counts up to now.
/// </summary>
public static class Uptime
{
    public const int Days = 90;

    public static ComponentUptime Of(
        string component,
        IEnumerable<StatusPeriod> periods,
        IEnumerable<UptimeCorrection> corrections,
        UptimeWeights weights,
        DateTimeOffset now,
        int days = Days)
    {
        var mine = periods.Where(p => p.Component == component).ToList();
        var fixes = corrections.ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var list = new List<UptimeDay>(days);
        double downTotal = 0, spanTotal = 0;
        for (var d = days - 1; d >= 0; d--)
        {
            var date = today.AddDays(-d);
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = d == 0 ? now : start.AddDays(1);
            var day = DayOf(date, start, end, mine, fixes, weights);
            list.Add(day);
            downTotal += day.Down.TotalSeconds;
            spanTotal += (end - start).TotalSeconds;
        }

        // Down is already weighted per moment; the percentage is the share of all the time that was up.
        return new ComponentUptime(list, spanTotal <= 0 ? 100 : Math.Round(100 * (1 - (downTotal / spanTotal)), 2));
    }

    private static UptimeDay DayOf(DateOnly date, DateTimeOffset start, DateTimeOffset end, List<StatusPeriod> periods, List<UptimeCorrection> corrections, UptimeWeights weights)
    {
        if (end <= start)
        {
            return new UptimeDay(date, ComponentStatus.Operational, false, 1, TimeSpan.Zero, false);
        }

        var overlapping = periods.Where(p => p.From < end && (p.To ?? DateTimeOffset.MaxValue) > start).ToList();
        var fixes = corrections.Where(c => c.From < end && c.To > start).ToList();
        var cuts = new SortedSet<DateTimeOffset> { start, end };
        foreach (var p in overlapping)
        {
            Cut(cuts, p.From, start, end);
            Cut(cuts, p.To ?? end, start, end);
        }

        foreach (var c in fixes)
        {
            Cut(cuts, c.From, start, end);
            Cut(cuts, c.To, start, end);
        }

        var worst = ComponentStatus.Operational;
        var maintenance = false;
        var corrected = false;
        double down = 0;
        var points = cuts.ToList();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (a, b) = (points[i], points[i + 1]);
            var middle = a + ((b - a) / 2);
            ComponentStatus status;
            if (fixes.Where(c => c.From <= middle && middle < c.To).OrderBy(c => c.At).LastOrDefault() is { } fix)
            {
                status = fix.Status;
                corrected = true;
            }
            else
            {
                var at = overlapping.Where(p => p.From <= middle && middle < (p.To ?? DateTimeOffset.MaxValue)).ToList();
                if (at.Where(p => p.Hand).OrderBy(p => p.From).LastOrDefault() is { } set)
                {
                    at = [set];
                }

                maintenance |= at.Any(p => p.Status == ComponentStatus.UnderMaintenance);
                status = at.Select(p => p.Status).Where(s => s != ComponentStatus.UnderMaintenance).DefaultIfEmpty(ComponentStatus.Operational).Max();
            }

            maintenance |= status == ComponentStatus.UnderMaintenance;
            if (status != ComponentStatus.UnderMaintenance && status > worst)
            {
                worst = status;
            }

            down += (b - a).TotalSeconds * weights.Of(status);
        }

        var span = (end - start).TotalSeconds;
        return new UptimeDay(date, worst, maintenance, 1 - (down / span), TimeSpan.FromSeconds(down), corrected);
    }

    private static void Cut(SortedSet<DateTimeOffset> cuts, DateTimeOffset at, DateTimeOffset start, DateTimeOffset end)
    {
        if (at > start && at < end)
        {
            cuts.Add(at);
        }
    }

    /// <summary>
    /// The periods an incident gave components, from its events: from its first public update until
    /// a public update said resolved, each component at the impact it had at each moment (stated, or
    /// the severity's on its services' components). Private incidents give none.
    /// </summary>
    public static IEnumerable<StatusPeriod> PeriodsOf(IReadOnlyList<StatusComponent> components, IReadOnlyList<RecordedEvent> events, SeverityScale severities)
    {
        IncidentState? state = null;
        var open = new Dictionary<string, (DateTimeOffset From, ComponentStatus Status)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            state = Incident.Evolve(state, e);
            if (state.Private)
            {
                yield break;
            }

            var active = state.PublicSteps.Count > 0 && state.PublicSteps[^1].Status != Updates.PublicStatus.Resolved;
            var now = active ? StatusBoard.AffectedBy(components, state, severities).ToDictionary(a => a.Component, a => a.Status) : [];
            foreach (var (name, was) in open.ToList())
            {
                if (!now.TryGetValue(name, out var status) || status != was.Status)
                {
                    yield return new StatusPeriod(name, was.From, e.OccurredAt, was.Status);
                    open.Remove(name);
                }
            }

            foreach (var (name, status) in now)
            {
                if (!open.ContainsKey(name))
                {
                    open[name] = (e.OccurredAt, status);
                }
            }
        }

        foreach (var (name, was) in open)
        {
            yield return new StatusPeriod(name, was.From, null, was.Status);
        }
    }

    /// <summary>The periods a maintenance ran (in progress or verifying), on each of its components.</summary>
    public static IEnumerable<StatusPeriod> PeriodsOf(MaintenanceState maintenance) =>
        maintenance.StartedAt is { } started
            ? maintenance.Components.Select(c => new StatusPeriod(c, started, maintenance.IsActive ? null : maintenance.CompletedAt, ComponentStatus.UnderMaintenance))
            : [];

    /// <summary>The periods a status set by hand stood on a component.</summary>
    public static IEnumerable<StatusPeriod> PeriodsOf(string component, ComponentRecord record) =>
        record.HandHistory.Select(h => new StatusPeriod(component, h.Status.At, h.To, h.Status.Status, Hand: true));
}
