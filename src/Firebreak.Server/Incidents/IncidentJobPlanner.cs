using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Storage.Scheduling;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Keeps each incident's deadlines as durable rows, written with every append: the next guardrail
/// check, and verification runs while a fix is being verified.
/// </summary>
public sealed class IncidentJobPlanner(FirebreakConfig config) : IJobPlanner
{
    public const string GuardrailsKind = "guardrails";
    public const string VerifyKind = "verify";

    public IEnumerable<PlannedJob> Plan(IncidentState state, DateTimeOffset at)
    {
        var policy = config.Severities.PolicyOf(state.Severity);
        yield return new PlannedJob($"{GuardrailsKind}:{state.Id}", GuardrailsKind, state.Id, Core.Guardrails.Guardrails.NextCheck(state, policy, config.Guardrails, at));
        yield return new PlannedJob($"{VerifyKind}:{state.Id}", VerifyKind, state.Id, state.Verification is null ? null : at, KeepExisting: true);
    }
}
