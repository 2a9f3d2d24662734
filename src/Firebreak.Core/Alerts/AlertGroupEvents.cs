using Firebreak.Core.Common;

namespace Firebreak.Core.Alerts;

/// <summary>Something that happened to an alert group: each group is a stream of its own (id: its number).</summary>
public interface IAlertGroupEvent : IEvent;

/// <summary>A group opened for the first firing alert with its key at an integration, routed to a service (or none).</summary>
public sealed record AlertGroupOpened(string Integration, string Key, string Title, string? Service, IReadOnlyDictionary<string, string> Labels) : IAlertGroupEvent;

/// <summary>An alert of the group fires: the first time (<see cref="New"/>) or again after it resolved.</summary>
public sealed record AlertFired(
    string Fingerprint,
    bool New,
    string Title,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset? StartsAt,
    string? Link) : IAlertGroupEvent;

/// <summary>An alert of the group stopped firing.</summary>
public sealed record AlertResolved(string Fingerprint, DateTimeOffset? EndsAt) : IAlertGroupEvent;

/// <summary>The group fired again within the flapping window after it resolved: the same group, not a new one.</summary>
public sealed record AlertGroupReopened : IAlertGroupEvent;

/// <summary>The group resolved: its last alert stopped firing (<see cref="ByHand"/> false) or a person resolved it, with the reason.</summary>
public sealed record AlertGroupResolved(bool ByHand, string? Reason) : IAlertGroupEvent;

/// <summary>Someone (or the sender, through PagerDuty's acknowledge) took the group on.</summary>
public sealed record AlertGroupAcknowledged(string? Reason) : IAlertGroupEvent;

/// <summary>The group is silenced until a time: its alerts are still kept, but it opens no incident meanwhile.</summary>
public sealed record AlertGroupSilenced(DateTimeOffset Until, string Reason) : IAlertGroupEvent;

/// <summary>The group changed between firing and resolved too often within the window: it stops opening incidents.</summary>
public sealed record AlertGroupFlapping(int Changes, TimeSpan Window) : IAlertGroupEvent;

/// <summary>The group was attached to an incident: one it declared (<see cref="Declared"/>), or the service's open one.</summary>
public sealed record AlertGroupAttached(long IncidentId, bool Declared) : IAlertGroupEvent;

/// <summary>The stable stored names of the alert group's events (a storage contract: a changed shape gets a new name).</summary>
public static class AlertGroupEventTypes
{
    public static EventTypeMap Map { get; } = new(
        ("alert-group.opened.v1", typeof(AlertGroupOpened)),
        ("alert.fired.v1", typeof(AlertFired)),
        ("alert.resolved.v1", typeof(AlertResolved)),
        ("alert-group.reopened.v1", typeof(AlertGroupReopened)),
        ("alert-group.resolved.v1", typeof(AlertGroupResolved)),
        ("alert-group.acknowledged.v1", typeof(AlertGroupAcknowledged)),
        ("alert-group.silenced.v1", typeof(AlertGroupSilenced)),
        ("alert-group.flapping.v1", typeof(AlertGroupFlapping)),
        ("alert-group.attached.v1", typeof(AlertGroupAttached)));
}
