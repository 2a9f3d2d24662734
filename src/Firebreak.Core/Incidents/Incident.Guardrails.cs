using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;

namespace Firebreak.Core.Incidents;

// The time-based nudges the scheduler records.
public static partial class Incident
{
    private static Result<IReadOnlyList<IIncidentEvent>> DecideNudges(IncidentState state, DecisionContext context)
    {
        var fired = Guardrails.Guardrails.Unrecorded(state, context.Severities.PolicyOf(state.Severity), context.Guardrails, context.Now);
        return Ok([.. fired.Select(f => new GuardrailFired(f.Guardrail, WireNames.Of(f.Level), f.Message, f.Fix, f.Key, f.Action))]);
    }
}
