using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Guardrails;

/// <summary>
/// The guardrails over a live incident, as pure rules over (state, policy, now). State rules fire
/// with time and are re-evaluated by the scheduler at <see cref="NextCheck"/>; command rules judge a
/// command before it is recorded (see <see cref="ForCommand"/>).
/// </summary>
public static partial class Guardrails
{
    /// <summary>The findings that hold now.</summary>
    public static IReadOnlyList<Finding> Evaluate(IncidentState state, SeverityLevel policy, GuardrailOptions options, DateTimeOffset now) =>
        [.. Checks(state, policy, options, now).Where(c => c.Finding is not null && now >= c.DueAt).Select(c => c.Finding!)];

    /// <summary>
    /// When the findings may next change without anyone touching the incident: now, when a fired
    /// nudge is not recorded yet; else the earliest future due time; null when nothing is pending.
    /// </summary>
    public static DateTimeOffset? NextCheck(IncidentState state, SeverityLevel policy, GuardrailOptions options, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var check in Checks(state, policy, options, now))
        {
            if (check.Finding is null || check.Finding.Level == GuardrailLevel.Info)
            {
                continue;
            }

            var due = check.DueAt <= now
                ? (state.FiredNudges.Contains(check.Finding.Key) ? (DateTimeOffset?)null : now)
                : check.DueAt;
            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return next;
    }

    /// <summary>The nudges that fired and are not yet on the timeline.</summary>
    public static IReadOnlyList<Finding> Unrecorded(IncidentState state, SeverityLevel policy, GuardrailOptions options, DateTimeOffset now) =>
        [.. Evaluate(state, policy, options, now).Where(f => f.Level != GuardrailLevel.Info && !state.FiredNudges.Contains(f.Key))];

    /// <summary>When the next stakeholder update is due under the level's cadence; null when there is none.</summary>
    public static DateTimeOffset? NextUpdateDue(IncidentState state, SeverityLevel policy) =>
        policy.UpdateCadence is { } cadence && Lifecycle.IsActive(state.Status)
            ? (state.LastUpdateAt ?? state.DeclaredAt) + cadence
            : null;

    /// <summary>Judges a command about to be recorded: warnings to record beside it, or blocks that refuse it.</summary>
    public static IReadOnlyList<Finding> ForCommand(IncidentState state, IIncidentCommand command, SeverityLevel policy, DecisionContext context)
    {
        var options = context.Guardrails;
        var findings = new List<Finding>();
        var key = $"@v{(state.Version + 1).ToString(CultureInfo.InvariantCulture)}";

        void Add(string id, string message, string fix, bool overridable = true)
        {
            var rule = options[id];
            if (rule.Enabled)
            {
                findings.Add(new Finding(id, rule.Level, message, fix, id + key, overridable));
            }
        }

        switch (command)
        {
            case AddEntry { Kind: { } kind, Text: { } text } when string.Equals(kind.Trim(), "command", StringComparison.OrdinalIgnoreCase) && UnsafeCommands.Explain(text) is { } why:
                Add(GuardrailIds.UnsafeCommand, $"Destructive command logged: {why}.", "Before running it in production: take a backup or snapshot, run it in a transaction or on a replica first, and have a second person watch.");
                break;
            case StartMitigation start when state.Mitigations.FirstOrDefault(m => m.Id == start.Id) is { } m:
                if (m.Risky && m.ApprovedBy is null)
                {
                    Add(GuardrailIds.RiskyAction, $"Mitigation {m.Id} is marked risky and the commander has not approved it.", state.Commander is { } ic
                        ? $"Ask the commander ({ic}) to approve it first: it could make things worse."
                        : "Assign a commander, who must approve it first.", overridable: false);
                }

                if (m.Kind == MitigationKind.Hotfix && string.IsNullOrWhiteSpace(m.RollbackPlan))
                {
                    Add(GuardrailIds.NoRollbackPlan, $"Hotfix {m.Id} has no rollback plan.", "Write down how to undo it (which version to return to, whether migrations reverse), or override with the reason.");
                }

                if (m.Kind == MitigationKind.Rollback && m.Checklist is { IsSafe: false })
                {
                    Add(GuardrailIds.UnsafeRollback, $"Rollback {m.Id} fails its checklist: {RollbackGaps(m.Checklist)}.", "Check the migration and side effects first, or choose another mitigation; override only with the reason the rollback is still safe.");
                }

                // A change still rolling out is as much in play as one applied and unverified.
                if (state.Mitigations.FirstOrDefault(o => o.Id != m.Id && o.State is MitigationState.Applied or MitigationState.Started) is { } other)
                {
                    Add(GuardrailIds.TwoChanges, other.State == MitigationState.Started
                            ? $"Mitigation {other.Id} ({other.Title}) is still rolling out; a second change now hides which one worked."
                            : $"Mitigation {other.Id} ({other.Title}) is applied but not verified yet; a second change now hides which one worked.",
                        other.State == MitigationState.Started
                            ? "Let it finish, mark it applied and verify it (or abandon it) first; override only with the reason (for example a known compound cause)."
                            : "Verify or abandon the applied mitigation first; override only with the reason (for example a known compound cause).");
                }

                break;
            case PostUpdate { Audience: { } audience } when string.Equals(audience.Trim(), "public", StringComparison.OrdinalIgnoreCase):
                var commsLead = state.Roles.GetValueOrDefault(IncidentRoles.CommsLead);
                if (commsLead is not null && commsLead != context.Actor)
                {
                    Add(GuardrailIds.ManyVoices, $"A public update came from {context.Actor}, but {commsLead} is the comms lead.", $"Let {commsLead} post public updates so customers hear one voice; send findings to them instead.");
                }
                else if (commsLead is null && policy.RolesRequired.Contains(IncidentRoles.CommsLead))
                {
                    Add(GuardrailIds.ManyVoices, "A public update went out with no comms lead assigned.", "Assign a comms lead so one person speaks for the incident.");
                }

                break;
        }

        return findings;
    }

    private static string RollbackGaps(RollbackChecklist c) => string.Join(", ", new[]
    {
        c.NoIrreversibleMigration ? null : "an irreversible migration may have run",
        c.NoIrreversibleSideEffects ? null : "it may have irreversible side effects",
        string.IsNullOrWhiteSpace(c.KnownGoodTarget) ? "no known-good target" : null,
    }.Where(s => s is not null));

    private sealed record Check(Finding? Finding, DateTimeOffset DueAt);

    private static IEnumerable<Check> Checks(IncidentState s, SeverityLevel policy, GuardrailOptions options, DateTimeOffset now)
    {
        if (!Lifecycle.IsActive(s.Status))
        {
            if (s.Status == IncidentStatus.Resolved && !s.ResolutionAnnounced && s.ResolvedAt is { } resolvedAt)
            {
                yield return Make(options, GuardrailIds.SilentResolve, resolvedAt, $"silent-resolve@{Stamp(resolvedAt)}",
                    $"{s.Key} is resolved but nobody has been told.",
                    "Post the resolution update; a draft from the resolved template is ready.", FixAction.PostUpdate("resolved"));
            }

            yield break;
        }

        var major = policy.IsMajor;
        if (major && s.Commander is null)
        {
            var rule = options[GuardrailIds.NoCommander];
            yield return Make(options, GuardrailIds.NoCommander, s.DeclaredAt + rule.After, GuardrailIds.NoCommander,
                $"{s.Key} is {s.Severity} and has had no commander for {Minutes(rule.After)}.",
                "Name one person to coordinate as commander.", FixAction.AssignRole(IncidentRoles.Commander));
        }

        var missing = policy.RolesRequired.Where(r => !s.Roles.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            yield return Make(options, GuardrailIds.RolesRequired, s.DeclaredAt, "roles-required",
                $"{s.Severity} asks for these roles, still unfilled: {string.Join(", ", missing)}.",
                "Assign them.", FixAction.AssignRole(missing[0]));
        }

        foreach (var silence in Silence(s, policy, options, now))
        {
            yield return silence;
        }

        var started = s.Mitigations.Any(m => m.State is MitigationState.Started or MitigationState.Applied or MitigationState.Verified);
        if (major && s.Hypotheses.Count > 0 && !started)
        {
            var rule = options[GuardrailIds.MitigateFirst];
            yield return Make(options, GuardrailIds.MitigateFirst, s.DeclaredAt + rule.After, GuardrailIds.MitigateFirst,
                $"Users are still hurting {Minutes(rule.After)} in, hypotheses are being chased, and no mitigation has started.",
                "Stop the bleeding first: roll back, fail over, turn off the feature flag or shed load; find the root cause after.");
        }

        // Nobody responding at all is worse than one person alone, so it fires the same way.
        if (major && s.Responders.Count <= 1)
        {
            var since = s.LastActivityAt ?? s.DeclaredAt;
            var rule = options[GuardrailIds.HeroDebugging];
            yield return Make(options, GuardrailIds.HeroDebugging, since + rule.After, $"hero-debugging@{Stamp(since)}",
                s.Responders.Count == 1
                    ? $"{s.Responders[0]} is responding alone and nothing has been logged for {Minutes(rule.After)}."
                    : $"Nobody is responding to {s.Key} and nothing has been logged for {Minutes(rule.After)}.",
                s.Responders.Count == 1
                    ? "Check in on the timeline with what you have tried, and call for help: a second pair of eyes is cheap."
                    : "Join the incident and check in on the timeline, or page someone who can: a major incident with no one on it is not being handled.");
        }

        foreach (var hypothesis in s.Hypotheses.Where(h => h.Status == HypothesisStatus.Open))
        {
            var since = s.LastEvidenceAt is { } e && e > hypothesis.At ? e : hypothesis.At;
            var rule = options[GuardrailIds.TunnelVision];
            yield return Make(options, GuardrailIds.TunnelVision, since + rule.After, $"tunnel-vision@{hypothesis.Entry}@{Stamp(since)}",
                $"Hypothesis #{hypothesis.Entry} has been open {Minutes(rule.After)} with no new evidence.",
                "Check it against the evidence, ask someone else to look, and rule out the simple things (is it running, DNS, certificates, disk). Confirm or reject it.", FixAction.SetHypothesis(hypothesis.Entry, "rejected"));
        }

        if (major && s.EvidenceCount == 0)
        {
            var rule = options[GuardrailIds.NoEvidence];
            yield return Make(options, GuardrailIds.NoEvidence, s.DeclaredAt + rule.After, GuardrailIds.NoEvidence,
                $"{Minutes(rule.After)} in and no evidence is attached; logs rotate and dashboards move on.",
                "Attach logs, metric snapshots or command output now.", FixAction.AttachEvidence(verification: false));
        }
    }

    private static Check Make(GuardrailOptions options, string id, DateTimeOffset dueAt, string key, string message, string fix, FixAction? action = null)
    {
        var rule = options[id];
        return new Check(rule.Enabled ? new Finding(id, rule.Level, message, fix, key) { Action = action } : null, dueAt);
    }

    /// <summary>"1 minute", "15 minutes", or seconds below a minute.</summary>
    private static string Minutes(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            var seconds = (int)Math.Round(span.TotalSeconds);
            return seconds == 1 ? "1 second" : $"{seconds.ToString(CultureInfo.InvariantCulture)} seconds";
        }

        var minutes = (int)Math.Round(span.TotalMinutes);
        return minutes == 1 ? "1 minute" : $"{minutes.ToString(CultureInfo.InvariantCulture)} minutes";
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
