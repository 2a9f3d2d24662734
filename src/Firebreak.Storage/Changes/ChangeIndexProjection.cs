using Firebreak.Core.Changes;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Changes;

/// <summary>Writes a recorded change's rows (the change, and one per service for the lookup by service and time) in the append's transaction.</summary>
public sealed class ChangeIndexProjection : IProjection
{
    public bool Handles(string streamType) => streamType == ChangeStore.StreamType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is Change change && append.Events.Count > 0)
        {
            await ChangeStore.WriteAsync(scope, change, cancellationToken);
        }
    }
}
