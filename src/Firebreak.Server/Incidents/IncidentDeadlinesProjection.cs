using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Keeps each incident's deadlines as durable rows, written in the append's transaction: the next
/// guardrail check, and verification runs while a fix is being verified.
/// </summary>
public sealed class IncidentDeadlinesProjection(FirebreakConfig config) : IProjection
{
    public const string GuardrailsPurpose = "guardrails";
    public const string VerifyPurpose = "verify";

    public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken) =>
        SchedulerStore.ApplyAsync(scope, Plan((IncidentState)append.After!, append.At), cancellationToken);

    public IEnumerable<PlannedJob> Plan(IncidentState state, DateTimeOffset at)
    {
        var policy = config.Severities.PolicyOf(state.Severity);
        var subject = IncidentStore.Stream(state.Id);
        yield return new PlannedJob(subject, GuardrailsPurpose, Core.Guardrails.Guardrails.NextCheck(state, policy, config.Guardrails, at));
        yield return new PlannedJob(subject, VerifyPurpose, state.Verification is null ? null : at, KeepExisting: true);
    }

    /// <summary>The incident a deadline row is about, or null when it is about something else.</summary>
    public static long? IncidentOf(ScheduledJob job) =>
        job.Subject.Type == IncidentStore.StreamType && long.TryParse(job.Subject.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
