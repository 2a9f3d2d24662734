using Firebreak.Core.Common;

namespace Firebreak.Core.StatusPage;

/// <summary>Something that happened to a status page component or a maintenance: each its own stream.</summary>
public interface IStatusPageEvent : IEvent;

/// <summary>Someone set a component's status by hand, with a reason; null puts it back to what incidents and maintenance say.</summary>
public sealed record ComponentStatusSet(ComponentStatus? Status, string Reason) : IStatusPageEvent;

/// <summary>An admin corrected what the uptime history says of a period, with a reason.</summary>
public sealed record UptimeCorrected(DateTimeOffset From, DateTimeOffset To, ComponentStatus Status, string Reason) : IStatusPageEvent;

/// <summary>Maintenance was scheduled: its window, the components it takes down, and what to tell users.</summary>
public sealed record MaintenanceScheduled(string Title, string Message, IReadOnlyList<string> Components, DateTimeOffset StartsAt, DateTimeOffset EndsAt) : IStatusPageEvent;

/// <summary>The maintenance moved on (in progress, verifying, completed), by hand or at its time (<see cref="Automatic"/>); <see cref="Message"/> is what users are told.</summary>
public sealed record MaintenanceProgressed(MaintenanceStatus Status, string? Message, bool Automatic) : IStatusPageEvent;

/// <summary>The maintenance was called off before it ended.</summary>
public sealed record MaintenanceCancelled(string Reason) : IStatusPageEvent;

/// <summary>Users were told ahead of time that the maintenance is coming (once).</summary>
public sealed record MaintenanceReminded(DateTimeOffset StartsAt) : IStatusPageEvent;

/// <summary>The stable stored names of the status page's events (a storage contract: a changed shape gets a new name).</summary>
public static class StatusPageEventTypes
{
    public static EventTypeMap Map { get; } = new(
        ("component.status-set.v1", typeof(ComponentStatusSet)),
        ("component.uptime-corrected.v1", typeof(UptimeCorrected)),
        ("maintenance.scheduled.v1", typeof(MaintenanceScheduled)),
        ("maintenance.progressed.v1", typeof(MaintenanceProgressed)),
        ("maintenance.cancelled.v1", typeof(MaintenanceCancelled)),
        ("maintenance.reminded.v1", typeof(MaintenanceReminded)));

    public static IReadOnlyCollection<Type> All => Map.All;

    public static string NameOf(IEvent e) => Map.NameOf(e);

    public static Type TypeOf(string name) => Map.TypeOf(name);
}
