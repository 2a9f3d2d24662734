using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>Names a stream: its type (incident, postmortem, alert-group, …) and its id within the type.</summary>
public readonly record struct StreamId(string Type, string Id)
{
    public override string ToString() => $"{Type}:{Id}";
}

/// <summary>An event as the store keeps it: its global position, its stream and version, who and when.</summary>
public sealed record StoredEvent(long Position, StreamId Stream, long Version, IEvent Event, string Actor, DateTimeOffset OccurredAt);
