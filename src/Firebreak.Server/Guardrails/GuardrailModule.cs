using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Guardrails;

/// <summary>Re-evaluates an incident's guardrails at their due time and records each newly fired nudge once.</summary>
public sealed class GuardrailModule(IIncidentStore store, FirebreakConfig config) : IScheduledModule
{
    public const string SystemActor = "firebreak";

    public string Purpose => IncidentDeadlinesProjection.GuardrailsPurpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (IncidentDeadlinesProjection.IncidentOf(job) is not { } id || await store.GetAsync(id, cancellationToken) is not { } state)
        {
            return null;
        }

        var context = config.DecisionContext(SystemActor, now);
        var appended = await store.AppendAsync(id, null, s => Incident.Decide(s, new RecordNudges(), context), SystemActor, now, cancellationToken);
        var current = appended.IsSuccess ? appended.Value.State : state;
        return Core.Guardrails.Guardrails.NextCheck(current, config.Severities.PolicyOf(current.Severity), config.Guardrails, now);
    }
}
