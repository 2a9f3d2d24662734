using System.Text.Json.Serialization;

namespace Firebreak.Core.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>
/// One alert as a sender reported it, in the one shape every source is read into: its identity
/// (<see cref="Fingerprint"/>: Alertmanager's fingerprint, PagerDuty's dedup_key, or a hash of the labels),
/// whether it fires, what it says, and its labels (PagerDuty's fields become labels: source, component,
/// group, class, severity).
/// </summary>
public sealed record IncomingAlert(
    string Fingerprint,
    AlertStatus Status,
    string Title,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Link)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

/// <summary>What a sender asked besides firing and resolving: PagerDuty's acknowledge.</summary>
public enum IntakeAction
{
    Notify,
    Acknowledge,
}

/// <summary>
/// One request's alerts, read from its source: the sender's own group key when it groups (Alertmanager,
/// Grafana), whether the sender said the whole group is resolved, and the PagerDuty key to answer with.
/// </summary>
public sealed record IntakeBatch(IReadOnlyList<IncomingAlert> Alerts, string? GroupKey = null, bool GroupResolved = false, IntakeAction Action = IntakeAction.Notify)
{
    /// <summary>Alerts the sender left out (Alertmanager's and Grafana's truncatedAlerts).</summary>
    public long Truncated { get; init; }

    /// <summary>The PagerDuty dedup_key used (given or generated), for its 202 answer.</summary>
    public string? DedupKey { get; init; }
}
