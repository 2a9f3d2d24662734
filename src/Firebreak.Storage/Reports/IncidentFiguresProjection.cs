using Firebreak.Core.Incidents;
using Firebreak.Core.Reports;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Reports;

/// <summary>
/// Keeps the incident's row of figures in the append's transaction: the row read under the append's lock,
/// brought up to the new state with the appended events (<see cref="IncidentFigures.Next"/>). The row
/// carries what later figures need, so the stream is never read again here.
/// </summary>
public sealed class IncidentFiguresProjection(SeverityScale severities) : IProjection
{
    public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not IncidentState state || append.Events.Count == 0)
        {
            return;
        }

        var previous = append.Before is null ? null : await IncidentFiguresStore.ReadAsync(scope, state.Id, cancellationToken);
        var figures = IncidentFigures.Next(previous, state, append.Events.Select(e => IncidentStore.ToRecorded(state.Id, e)), severities);
        await IncidentFiguresStore.WriteAsync(scope, figures, cancellationToken);
    }
}
