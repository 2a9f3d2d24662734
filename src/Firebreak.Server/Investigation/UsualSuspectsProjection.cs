using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Server.Configuration;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Investigation;

/// <summary>
/// Plans, in the append's transaction, the opening of the usual-suspects checklist: when an incident is
/// declared at a major level or its severity changes into one, and it has no such checklist yet. The
/// module looks up the changes and opens it; the row makes the opening survive a restart.
/// </summary>
public sealed class UsualSuspectsProjection(FirebreakConfig config) : IProjection
{
    public const string Purpose = "usual-suspects";

    public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken) =>
        append.After is IncidentState incident
        && append.Payloads.Any(e => e is IncidentDeclared or SeverityChanged)
        && Lifecycle.IsActive(incident.Status)
        && UsualSuspects.Due(incident, config.Severities)
            ? SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, Purpose, append.At, KeepExisting: true)], cancellationToken)
            : Task.CompletedTask;
}
