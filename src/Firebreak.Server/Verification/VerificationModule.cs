using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;
using Firebreak.Server.Guardrails;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Verification;

/// <summary>While a fix is being verified: run the services' health checks and record what they show.</summary>
public sealed class VerificationModule(IIncidentStore store, FirebreakConfig config, HealthProbe probe) : IScheduledModule
{
    public string Purpose => IncidentDeadlinesProjection.VerifyPurpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (IncidentDeadlinesProjection.IncidentOf(job) is not { } id || await store.GetAsync(id, cancellationToken) is not { Verification: { } verification })
        {
            return null;
        }

        var results = new List<CheckResult>();
        foreach (var name in verification.Checks)
        {
            results.Add(config.Service(name) is { HealthChecks.Count: > 0 } service
                ? await probe.CheckServiceAsync(service, cancellationToken)
                : new CheckResult(name, false, "no health check is configured for it any more"));
        }

        var context = config.DecisionContext(GuardrailModule.SystemActor, now);
        var appended = await store.AppendAsync(id, null, s => Incident.Decide(s, new RecordVerification(results), context), GuardrailModule.SystemActor, now, cancellationToken);
        var still = appended.IsSuccess ? appended.Value.State.Verification : verification;
        if (still is null)
        {
            return null;
        }

        var next = now + config.VerificationInterval;
        return still.Failing.Count == 0 && still.EndsAt > now && still.EndsAt < next ? still.EndsAt : next;
    }
}
