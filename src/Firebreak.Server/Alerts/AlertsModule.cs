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
        foreach (var codec in AlertStore.Codecs)
        {
            builder.Services.AddSingleton(codec);
        }

        foreach (var projection in AlertStore.Projections)
        {
            builder.Services.AddSingleton(projection);
        }

        builder.Services.AddSingleton<IntegrationRegistry>();
        builder.Services.AddSingleton<IntegrationService>();
        builder.Services.AddSingleton<IProjection, AlertDeclareProjection>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddSingleton<IScheduledModule>(sp => new AlertGroupModule(AlertDeclareProjection.Purpose, sp.GetRequiredService<AlertService>().DeclareAsync));
        builder.Services.AddSingleton<IScheduledModule>(sp => new AlertGroupModule(AlertDeclareProjection.QuietPurpose, sp.GetRequiredService<AlertService>().QuietAsync));
    }
}

/// <summary>
/// Plans, in the append's transaction, what a group's change calls for later: the look at a group that
/// opened or fired again (not silenced, not flapping) — attach it to its service's open incident or declare
/// one — and, for a group attached to an incident whose last alert resolved, the "alerts quiet" evidence.
/// </summary>
public sealed class AlertDeclareProjection : IProjection
{
    public const string Purpose = "alert-declare";
    public const string QuietPurpose = "alert-quiet";

    public bool Handles(string streamType) => streamType == AlertStore.StreamType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not AlertGroupState group)
        {
            return Task.CompletedTask;
        }

        var jobs = new List<PlannedJob>();
        if (append.Payloads.Any(e => e is AlertGroupOpened or AlertGroupReopened) && !group.IsFlapping && !group.IsSilenced(append.At))
        {
            jobs.Add(new PlannedJob(append.Stream, Purpose, append.At, KeepExisting: true));
        }

        if (append.Payloads.Any(e => e is AlertGroupResolved { ByHand: false }) && group.IncidentId is not null)
        {
            jobs.Add(new PlannedJob(append.Stream, QuietPurpose, append.At, KeepExisting: true));
        }

        return jobs.Count == 0 ? Task.CompletedTask : SchedulerStore.ApplyAsync(scope, jobs, cancellationToken);
    }
}

/// <summary>Runs one of the group's planned jobs by purpose (<see cref="AlertService.DeclareAsync"/>, <see cref="AlertService.QuietAsync"/>); each is idempotent, done after one run.</summary>
public sealed class AlertGroupModule(string purpose, Func<long, CancellationToken, Task> run) : IScheduledModule
{
    public string Purpose => purpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (long.TryParse(job.Subject.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            await run(id, cancellationToken);
        }

        return null;
    }
}
