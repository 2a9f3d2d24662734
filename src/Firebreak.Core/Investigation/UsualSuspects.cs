using System.Globalization;
using Firebreak.Core.Changes;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Investigation;

/// <summary>
/// One item of the usual-suspects checklist: what to look at, what to check, and the kinds of
/// recorded change that fill it in (none for an item a responder checks by hand).
/// </summary>
public sealed record Suspect(string Label, string Check, IReadOnlyList<ChangeKind> FilledFrom);

/// <summary>
/// The usual suspects: the simple, common causes a major incident (a level of rank 1 or 2, see
/// <see cref="SeverityLevel.IsMajor"/>) is checked against first. It opens once per incident, after it is
/// declared at a major level or moved into one; the items about recorded changes name the changes found
/// around the start.
/// </summary>
public static class UsualSuspects
{
    /// <summary>The checklist's name, as the routes and the CLI take it.</summary>
    public const string Name = "usual-suspects";

    /// <summary>How many changes an item names before it counts the rest.</summary>
    public const int NamedChanges = 3;

    private const int SummaryShown = 80;

    /// <summary>The items, in the order they are worked through.</summary>
    public static IReadOnlyList<Suspect> Items { get; } =
    [
        new("Recent deploys", "check the deploy log", [ChangeKind.Deploy]),
        new("Config changes", "check feature flags, settings and infrastructure changes", [ChangeKind.Config, ChangeKind.FeatureFlag, ChangeKind.Other]),
        new("Dependencies and third-party status", "check upstream services, the cloud provider and the status pages of the APIs called", []),
        // Certificates and DNS are checked by hand, or from the responder's machine with 'firebreak check'.
        new("Certificates", "check expiry and chain on every endpoint in the request path", []),
        new("DNS", "check that names resolve, and to the right addresses", []),
        new("Resource exhaustion", "check disk, memory, CPU and connections (pools, file handles)", []),
        new("Traffic pattern", "check for a spike, a new client or an unusual mix of requests", []),
        new("Database", "check for locks, slow queries and a full connection pool", []),
    ];

    /// <summary>Whether the incident has the checklist already: it never opens twice.</summary>
    public static bool IsOpen(IncidentState state) =>
        state.Checklists.Any(l => string.Equals(l.Name, Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the incident is due the checklist: at a major level now, and without it so far.</summary>
    public static bool Due(IncidentState state, SeverityScale scale) =>
        scale.PolicyOf(state.Severity).IsMajor && !IsOpen(state);

    /// <summary>
    /// The checklist for an incident with these services and start. <paramref name="changes"/> are the
    /// changes recorded to those services in the "what changed" window (<see cref="ChangeWindow"/>), as the
    /// caller looked them up; null when they were not looked up, and the items about changes then only say
    /// what to check.
    /// </summary>
    public static ChecklistAdded Open(IReadOnlyList<string> services, DateTimeOffset startedAt, IReadOnlyList<Change>? changes) =>
        new(Name, [.. Items.Select(s => ItemText(s, services, startedAt, changes))]);

    private static string ItemText(Suspect suspect, IReadOnlyList<string> services, DateTimeOffset startedAt, IReadOnlyList<Change>? changes)
    {
        if (suspect.FilledFrom.Count == 0 || changes is null)
        {
            return $"{suspect.Label}: {suspect.Check}";
        }

        if (services.Count == 0)
        {
            return $"{suspect.Label}: {suspect.Check}; the incident names no service, so no recorded change could be matched to it";
        }

        var found = changes.Where(c => suspect.FilledFrom.Contains(c.Kind)).ToList();
        if (found.Count == 0)
        {
            var hours = ChangeWindow.Before.TotalHours.ToString(CultureInfo.InvariantCulture);
            return $"{suspect.Label}: none recorded for {string.Join(", ", services.Select(s => s.ToLowerInvariant()))} from {hours} h before start; {suspect.Check}";
        }

        var named = found.Take(NamedChanges).Select(c => $"{WireNames.Of(c.Kind)} '{Text.Clip(c.Summary, SummaryShown)}' {ChangeWindow.RelativeToStart(c.At, startedAt)}");
        var more = found.Count > NamedChanges ? $"; and {found.Count - NamedChanges} more in What changed" : string.Empty;
        return $"{suspect.Label}: {string.Join("; ", named)}{more}";
    }
}
