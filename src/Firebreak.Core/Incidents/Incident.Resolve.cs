using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;

namespace Firebreak.Core.Incidents;

public static partial class Incident
{
    /// <summary>
    /// Resolving needs verification, and verification needs time: services with health checks, or attached
    /// verification evidence, start the severity's monitoring window in monitoring; the window passing with
    /// nothing coming back resolves it. Anything else, or resolving before the window ends, is the
    /// unverified-resolve guardrail.
    /// </summary>
    private static Result<IReadOnlyList<IIncidentEvent>> DecideResolve(IncidentState state, string? reason, DecisionContext context)
    {
        var checks = state.Services.Where(s => context.CheckedServices.Contains(s.ToLowerInvariant())).ToList();
        var verifiable = checks.Count > 0 || state.HasVerificationEvidence;

        // An override reason given with the resolve is the choice to skip the window (the guardrail records it).
        if (state.Verification is null && verifiable && string.IsNullOrWhiteSpace(context.Override))
        {
            var window = context.Severities.PolicyOf(state.Severity).MonitoringWindow;
            var events = new List<IIncidentEvent>();
            if (state.Status != IncidentStatus.Monitoring)
            {
                events.Add(new StatusChanged(state.Status, IncidentStatus.Monitoring, "verifying the fix before resolving"));
            }

            events.Add(new VerificationStarted(context.Now + window, checks));
            return Ok([.. events]);
        }

        var rule = context.Guardrails[GuardrailIds.UnverifiedResolve];
        var resolve = new StatusChanged(state.Status, IncidentStatus.Resolved, reason);
        if (!rule.Enabled || rule.Level == GuardrailLevel.Info)
        {
            return Ok(resolve);
        }

        var finding = state.Verification is { } running
            ? new Finding(GuardrailIds.UnverifiedResolve, rule.Level, $"Verification is still running until {running.EndsAt:HH:mm} UTC{(running.Failing.Count > 0 ? $" and {string.Join(", ", running.Failing)} is failing" : string.Empty)}.", "Wait for the monitoring window to pass clean (it resolves by itself), or override with the reason.", GuardrailIds.UnverifiedResolve)
            : verifiable
            ? new Finding(GuardrailIds.UnverifiedResolve, rule.Level, "Resolving now skips the monitoring window that shows the fix holds.", "Resolve without an override to start the window, or override with the reason.", GuardrailIds.UnverifiedResolve)
            : new Finding(GuardrailIds.UnverifiedResolve, rule.Level, $"Nothing shows the fix works: no health check covers {(state.Services.Count == 0 ? "this incident" : string.Join(", ", state.Services))} and no verification evidence is attached.", "Attach proof it works from the user's side as verification evidence, or override with the reason.", GuardrailIds.UnverifiedResolve) { Action = FixAction.AttachEvidence(verification: true) };
        if (rule.Level != GuardrailLevel.Block)
        {
            return Ok(resolve, new GuardrailFired(finding.Guardrail, "warn", finding.Message, finding.Fix, $"{finding.Key}@v{state.Version + 1}", finding.Action));
        }

        if (string.IsNullOrWhiteSpace(context.Override))
        {
            return new GuardrailBlocked($"Blocked by the unverified-resolve guardrail: {finding.Message} {finding.Fix}", [finding]) { Incident = state.Key };
        }

        if (Text.Optional("override", context.Override, Limits.Reason, out var why) is { } error)
        {
            return error;
        }

        return Ok(new GuardrailOverridden(GuardrailIds.UnverifiedResolve, why), resolve);
    }

    /// <summary>The problem showed again during verification: the window starts over from now.</summary>
    private static VerificationRecurred Recurred(IncidentState state, string what, DecisionContext context) =>
        new(what, context.Now + context.Severities.PolicyOf(state.Severity).MonitoringWindow);

    /// <summary>A round of checks: record new failures, restart the window on recovery, resolve when it passes clean.</summary>
    private static Result<IReadOnlyList<IIncidentEvent>> DecideVerification(IncidentState state, RecordVerification c, DecisionContext context)
    {
        if (state.Verification is not { } v)
        {
            return Ok();
        }

        var events = new List<IIncidentEvent>();
        var failing = c.Results.Where(r => !r.Passed).ToList();
        events.AddRange(failing.Where(f => !v.Failing.Contains(f.Check)).Select(f => new VerificationCheckFailed(f.Check, f.Detail)));
        if (failing.Count > 0)
        {
            // A check that passes again leaves the failing list even while others still fail.
            events.AddRange(c.Results.Where(r => r.Passed && v.Failing.Contains(r.Check) && !failing.Any(f => f.Check == r.Check))
                .Select(r => new VerificationCheckHealthy(r.Check, r.Detail)));
        }
        else if (v.Failing.Count > 0)
        {
            var window = context.Severities.PolicyOf(state.Severity).MonitoringWindow;
            events.Add(new VerificationCheckRecovered(string.Join(", ", v.Failing), context.Now + window));
        }
        else if (failing.Count == 0 && context.Now >= v.EndsAt)
        {
            events.Add(new VerificationPassed(v.Checks));
            events.Add(new StatusChanged(state.Status, IncidentStatus.Resolved, v.Checks.Count > 0
                ? "verified: the health checks passed through the monitoring window"
                : "verified: nothing came back through the monitoring window"));
        }

        return Ok([.. events]);
    }
}
