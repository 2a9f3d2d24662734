namespace Firebreak.Storage.Streams;

/// <summary>Another append took the version first; the store turns it into a <c>Conflict</c> for that write alone.</summary>
public sealed class StreamConflictException(StreamId stream, long version)
    : Exception($"{stream} already has a version {version}: another change came first. Reload and try again.")
{
    public StreamId Stream { get; } = stream;
}
