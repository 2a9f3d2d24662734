using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.StatusPage;

/// <summary>How badly an incident affects one status page component (operational: no longer).</summary>
public sealed record ComponentImpact(string Component, ComponentStatus Status);

/// <summary>The rules for stating an incident's impact per component, for every interface that takes it.</summary>
public static class Impacts
{
    /// <summary>At most this many components in one statement.</summary>
    public const int MaxPerStatement = 50;

    /// <summary>The statuses an incident can give a component: maintenance is scheduled, never stated by an incident.</summary>
    public static readonly IReadOnlyList<ComponentStatus> Stateable =
        [ComponentStatus.Operational, ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage];

    /// <summary>
    /// Reads "component → status" pairs against the declared <paramref name="components"/>: each name
    /// must be one of them (any case; the declared spelling is kept), each status one of
    /// <see cref="Stateable"/>. Nothing is partly accepted.
    /// </summary>
    public static Result<IReadOnlyList<ComponentImpact>> Parse(IReadOnlyDictionary<string, string?>? given, IReadOnlyList<string> components)
    {
        if (given is null || given.Count == 0)
        {
            return new Invalid("components", "Name at least one component and its impact, for example {\"API\": \"major_outage\"}.");
        }

        if (components.Count == 0)
        {
            return new Invalid("components", "The status page has no components: declare them under statusPage.components (or services) in firebreak.yaml.");
        }

        if (given.Count > MaxPerStatement)
        {
            return new Invalid("components", $"{given.Count} components given; the limit is {MaxPerStatement}.");
        }

        var impacts = new List<ComponentImpact>();
        foreach (var (name, status) in given)
        {
            var component = components.FirstOrDefault(c => string.Equals(c, name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (component is null)
            {
                return new Invalid("components", $"There is no component '{Text.Clip(name ?? string.Empty, 100)}'; the components are {string.Join(", ", components)}.");
            }

            if (!WireNames.TryParse<ComponentStatus>(status, out var parsed) || !Stateable.Contains(parsed))
            {
                return new Invalid("components", $"'{Text.Clip(status ?? string.Empty, 100)}' is not an impact for {component}: use one of {string.Join(", ", Stateable.Select(WireNames.Of))}.");
            }

            if (impacts.Any(i => i.Component == component))
            {
                return new Invalid("components", $"{component} is named twice.");
            }

            impacts.Add(new ComponentImpact(component, parsed));
        }

        return impacts;
    }

    /// <summary>
    /// The impact map after a statement. A component stated operational stays in it as operational:
    /// the impact was stated, so the page no longer reads it from the severity.
    /// </summary>
    public static IReadOnlyDictionary<string, ComponentStatus> Apply(IReadOnlyDictionary<string, ComponentStatus> current, IEnumerable<ComponentImpact> stated)
    {
        var next = new Dictionary<string, ComponentStatus>(current, StringComparer.Ordinal);
        foreach (var impact in stated)
        {
            next[impact.Component] = impact.Status;
        }

        return next;
    }

    /// <summary>One line for the timeline and the messages: "API major outage, Web degraded performance".</summary>
    public static string Describe(IEnumerable<ComponentImpact> impacts) =>
        string.Join(", ", impacts.Select(i => $"{i.Component} {Words(i.Status)}"));

    /// <summary>A status in plain words: "major outage", "operational".</summary>
    public static string Words(ComponentStatus status) => WireNames.Of(status).Replace('_', ' ');
}
