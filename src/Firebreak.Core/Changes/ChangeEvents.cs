using Firebreak.Core.Common;

namespace Firebreak.Core.Changes;

/// <summary>Something that happened to a change event: each change is a stream of its own (id: its number).</summary>
public interface IChangeEvent : IEvent;

/// <summary>
/// A change was recorded: what kind, to which services (lower case), one line saying what, a link to it,
/// when it happened and where it came from. Who recorded it and when are the event's actor and time.
/// </summary>
public sealed record ChangeRecorded(
    ChangeKind Kind,
    IReadOnlyList<string> Services,
    string Summary,
    string? Link,
    DateTimeOffset At,
    string? Source) : IChangeEvent;

public static class ChangeEventTypes
{
    public static EventTypeMap Map { get; } = new(("change.recorded.v1", typeof(ChangeRecorded)));
}
