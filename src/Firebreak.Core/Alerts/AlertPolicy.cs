using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts;

/// <summary>Labels an alert must carry, each with its exact value ("*": any value, as long as the label is there).</summary>
public sealed record LabelMatch(IReadOnlyDictionary<string, string> Labels)
{
    public static readonly LabelMatch Any = new(new Dictionary<string, string>());

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        Labels.All(m => labels.TryGetValue(m.Key, out var value) && (m.Value == "*" || string.Equals(value, m.Value, StringComparison.Ordinal)));
}

/// <summary>A routing rule: alerts that match go to the service.</summary>
public sealed record AlertRoute(LabelMatch Match, string Service);

/// <summary>An auto-declare rule: a group whose labels match opens an incident at the severity, in triage or straight to investigating.</summary>
public sealed record DeclareRule(LabelMatch Match, string Severity, bool Triage);

/// <summary>
/// How one integration turns alerts into groups and incidents: which labels make a group (none: the
/// sender's own group, or for PagerDuty each dedup_key), the routes to services, the auto-declare
/// rules, and when a group is flapping.
/// </summary>
public sealed record AlertPolicy
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);
    public const int DefaultFlapChanges = 4;

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>The service when no route matches (null: the alert's own "service" label, if any).</summary>
    public string? Service { get; init; }
    public IReadOnlyList<AlertRoute> Routes { get; init; } = [];
    public IReadOnlyList<DeclareRule> Declare { get; init; } = [];

    /// <summary>A group resolved less than this ago takes its key's next alert again (a reopen); the flapping count looks back as far.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    /// <summary>This many changes between firing and resolved within the window mark the group flapping.</summary>
    public int FlapChanges { get; init; } = DefaultFlapChanges;

    /// <summary>The service an alert is routed to: the first route that matches, else the policy's service, else its "service" label.</summary>
    public string? ServiceOf(IReadOnlyDictionary<string, string> labels)
    {
        var service = Routes.FirstOrDefault(r => r.Match.Matches(labels))?.Service ?? Service ?? labels.GetValueOrDefault("service");
        return string.IsNullOrWhiteSpace(service) ? null : service.Trim().ToLowerInvariant();
    }

    /// <summary>The first auto-declare rule the group's labels match, or none.</summary>
    public DeclareRule? DeclareRuleFor(IReadOnlyDictionary<string, string> labels) => Declare.FirstOrDefault(r => r.Match.Matches(labels));

    /// <summary>
    /// The key that puts an alert in a group at its integration: the group_by labels' values when the
    /// policy names labels; else the sender's own group key; else the alert itself (PagerDuty's dedup_key).
    /// </summary>
    public string KeyOf(IntakeBatch batch, IncomingAlert alert)
    {
        if (GroupBy.Count > 0)
        {
            return string.Join(',', GroupBy.Select(l => $"{l}={alert.Labels.GetValueOrDefault(l, string.Empty)}"));
        }

        return batch.GroupKey ?? "alert:" + alert.Fingerprint;
    }
}
