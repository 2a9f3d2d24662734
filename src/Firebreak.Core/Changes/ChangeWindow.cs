using Firebreak.Core.Incidents;

namespace Firebreak.Core.Changes;

/// <summary>
/// "What changed?": the changes that may explain an incident are those to its services from a while
/// before it started up to now; each is shown by how long before (or after) the start it happened.
/// </summary>
public static class ChangeWindow
{
    /// <summary>How far before an incident's start its changes are looked for (and, in triage, before now).</summary>
    public static readonly TimeSpan Before = TimeSpan.FromHours(24);

    /// <summary>The changes an incident's room shows: to its services, from <see cref="Before"/> ahead of its start, newest first; null when it names no service (an empty list would mean every service).</summary>
    public static ChangeQuery? ForIncident(IncidentState incident, int limit = ChangeQuery.DefaultLimit) =>
        For(incident.Services, incident.StartedAt - Before, limit);

    /// <summary>The changes triage names for services about to be declared: from <see cref="Before"/> ago to now; null without a service.</summary>
    public static ChangeQuery? ForTriage(IEnumerable<string> services, DateTimeOffset now, int limit = 10) =>
        For(services, now - Before, limit);

    private static ChangeQuery? For(IEnumerable<string> services, DateTimeOffset since, int limit)
    {
        IReadOnlyList<string> names = [.. services.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
        return names.Count == 0 ? null : new ChangeQuery(names, since, null, limit);
    }

    /// <summary>When a change happened against the start: "42 min before start", "2 h 5 min before start", "at the start", "3 min after start".</summary>
    public static string RelativeToStart(DateTimeOffset at, DateTimeOffset start)
    {
        var gap = at - start;
        var minutes = (long)Math.Round(Math.Abs(gap.TotalMinutes));
        if (minutes == 0)
        {
            return "at the start";
        }

        var span = minutes < 60 ? $"{minutes} min"
            : minutes % 60 == 0 ? $"{minutes / 60} h"
            : $"{minutes / 60} h {minutes % 60} min";
        return gap < TimeSpan.Zero ? $"{span} before start" : $"{span} after start";
    }
}
