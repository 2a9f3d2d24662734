using Firebreak.Core.Audit;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Storage;
using Firebreak.Storage.Audit;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.StatusPage;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.StatusPage;

/// <summary>Keeps each maintenance's next time (the announcement ahead, the start, the end) as a durable row, in the append's transaction.</summary>
public sealed class MaintenanceDeadlinesProjection(FirebreakConfig config) : IProjection
{
    public const string Purpose = "maintenance";

    public bool Handles(string streamType) => streamType == StatusPageStore.MaintenanceType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken) =>
        append.After is MaintenanceState state
            ? SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, Purpose, Maintenance.NextDue(state, config.StatusPage.RemindAhead))], cancellationToken)
            : Task.CompletedTask;
}

/// <summary>Starts and completes maintenance at its times and records the announcement ahead; idempotent, so a row run twice changes nothing more.</summary>
public sealed class MaintenanceModule(StatusAdminService service, FirebreakConfig config) : IScheduledModule
{
    public string Purpose => MaintenanceDeadlinesProjection.Purpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!long.TryParse(job.Subject.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var advanced = await service.AdvanceAsync(id, cancellationToken);
        return advanced.IsSuccess ? Maintenance.NextDue(advanced.Value, config.StatusPage.RemindAhead) : null;
    }
}

/// <summary>The status page's changes the audit log keeps: statuses set by hand and corrections of the uptime history.</summary>
public sealed class StatusPageAuditProjection : IProjection
{
    public bool Handles(string streamType) => streamType == StatusPageStore.ComponentType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        var component = (append.After as ComponentRecord)?.Name ?? append.Stream.Id;
        foreach (var e in append.Events)
        {
            var entry = e.Event switch
            {
                ComponentStatusSet s => new AuditEntry(0, e.OccurredAt, e.Actor, AuditKind.ComponentStatusSet, component, append.Origin,
                    s.Status is { } status ? $"Set component {component} to {WireNames.Of(status)} by hand: {s.Reason}" : $"Put component {component} back to automatic: {s.Reason}"),
                UptimeCorrected u => new AuditEntry(0, e.OccurredAt, e.Actor, AuditKind.UptimeCorrected, component, append.Origin,
                    $"Corrected the uptime of {component} from {u.From:u} to {u.To:u} to {WireNames.Of(u.Status)}: {u.Reason}"),
                _ => null,
            };
            if (entry is not null)
            {
                await AuditLog.InsertAsync(scope, entry, cancellationToken);
            }
        }
    }
}
