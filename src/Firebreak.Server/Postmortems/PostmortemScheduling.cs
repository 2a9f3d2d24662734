using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Postmortems;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Postmortems;

/// <summary>
/// Plans, in the append's transaction, what the review needs done later: opening the postmortem once an
/// incident whose severity requires one resolves, and the reminder when a required postmortem falls due.
/// </summary>
public sealed class PostmortemDeadlinesProjection(FirebreakConfig config) : IProjection
{
    public const string CreatePurpose = "postmortem";
    public const string DuePurpose = "postmortem-due";
    public const string FollowThroughPurpose = "follow-through";

    public bool Handles(string streamType) => streamType is IncidentStore.StreamType or PostmortemStore.PostmortemType or PostmortemStore.ActionType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is IncidentState incident)
        {
            var resolved = append.Payloads.Any(e => e is StatusChanged { To: IncidentStatus.Resolved });
            return resolved && Postmortem.Policy(incident, config.Severities).Required
                ? SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, CreatePurpose, append.At, KeepExisting: true)], cancellationToken)
                : Task.CompletedTask;
        }

        if (append.After is PostmortemState postmortem)
        {
            var due = postmortem is { Required: true, Reminded: false } && postmortem.Status != PostmortemStatus.Published ? postmortem.DueAt : null;
            return SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, DuePurpose, due)], cancellationToken);
        }

        if (append.After is Core.ActionItems.ActionItemState action)
        {
            return SchedulerStore.ApplyAsync(scope, [new PlannedJob(append.Stream, FollowThroughPurpose, action.ReminderDue)], cancellationToken);
        }

        return Task.CompletedTask;
    }

    public static long? IncidentOf(ScheduledJob job) =>
        long.TryParse(job.Subject.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>
/// One of the review's scheduled jobs, by purpose: opening a required postmortem after the resolve,
/// recording the overdue reminder of a postmortem or of an action item. Each is idempotent, so a row
/// run twice changes nothing more; each row is done after one run.
/// </summary>
public sealed class ReviewModule(string purpose, Func<long, CancellationToken, Task> run) : IScheduledModule
{
    public string Purpose => purpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (PostmortemDeadlinesProjection.IncidentOf(job) is { } id)
        {
            await run(id, cancellationToken);
        }

        return null;
    }
}
