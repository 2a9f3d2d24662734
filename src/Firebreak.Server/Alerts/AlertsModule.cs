using Firebreak.Core.Alerts;
using Firebreak.Server.Scheduling;
using Firebreak.Storage;
using Firebreak.Storage.Alerts;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Alerts;

/// <summary>Alerts: the alert-group streams, the rows kept beside them, the auto-declare planning and module, the service.</summary>
public static class AlertsModule
{
    public static void AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(AlertStore.Codec);
        builder.Services.AddSingleton(AlertStore.Projection);
        builder.Services.AddSingleton<IProjection, AlertDeclareProjection>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddSingleton<IScheduledModule, AlertDeclareModule>();
    }
}

/// <summary>
/// Plans, in the append's transaction, the look at a group that opened or fired again (not silenced, not
/// flapping): whether it attaches to its service's open incident or declares one. The module does the rest.
/// </summary>
public sealed class AlertDeclareProjection : IProjection
{
    public const string Purpose = "alert-declare";

    public bool Handles(string streamType) => streamType == AlertStore.StreamType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not AlertGroupState group
            || !append.Payloads.Any(e => e is AlertGroupOpened or AlertGroupReopened)
            || group.IsFlapping
            || group.IsSilenced(append.At))
        {
            return Task.CompletedTask;
        }

        return SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, Purpose, append.At, KeepExisting: true)], cancellationToken);
    }
}

/// <summary>Runs the planned look (<see cref="AlertService.DeclareAsync"/>); idempotent, done after one run.</summary>
public sealed class AlertDeclareModule(AlertService service) : IScheduledModule
{
    public string Purpose => AlertDeclareProjection.Purpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (long.TryParse(job.Subject.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            await service.DeclareAsync(id, cancellationToken);
        }

        return null;
    }
}
