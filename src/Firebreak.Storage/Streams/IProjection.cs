using Firebreak.Core.Common;

namespace Firebreak.Storage.Streams;

/// <summary>
/// Brings a read model (or a table of deadlines, or an outbox) up to date with appended events. The
/// store runs every projection that handles the stream type inside the append's transaction, so a
/// reader never sees an event without its effects; a projection that throws rolls the append back.
/// </summary>
public interface IProjection
{
    bool Handles(string streamType);

    Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken);
}

/// <summary>
/// What one append wrote: the events with their positions, and the stream's state before and after
/// them as the owning slice folds it (null where the slice keeps no state), and where the write came
/// from (<see cref="WriteOrigin"/>; null for the scheduler and other work of the server's own).
/// </summary>
public sealed record StreamAppend(StreamId Stream, IReadOnlyList<StoredEvent> Events, object? Before, object? After, DateTimeOffset At, string? Origin = null)
{
    public IEnumerable<IEvent> Payloads => Events.Select(e => e.Event);
}
