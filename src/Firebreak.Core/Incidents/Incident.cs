using Firebreak.Core.Common;
using Firebreak.Core.Investigation;
using Firebreak.Core.Triage;
using Firebreak.Core.Mitigations;

namespace Firebreak.Core.Incidents;

/// <summary>
/// The incident aggregate: <see cref="Decide"/> turns a command into events or a typed rejection,
/// <see cref="Evolve"/> folds an event into the state. Both are pure.
/// </summary>
public static partial class Incident
{
    private static Result<IReadOnlyList<IIncidentEvent>> Ok(params IIncidentEvent[] events) => Result<IReadOnlyList<IIncidentEvent>>.Ok(events);

    public static Result<IReadOnlyList<IIncidentEvent>> Decide(IncidentState? state, IIncidentCommand command, DecisionContext context)
    {
        if (command is DeclareIncident declare)
        {
            return state is null ? DecideDeclare(declare, context) : new Conflict("The incident already exists.", state.Version);
        }

        if (state is null)
        {
            return new NotFound("The incident does not exist.");
        }

        if (Lifecycle.IsFinal(state.Status))
        {
            return new Invalid("status", $"{state.Key} is {Lifecycle.Name(state.Status)}; a {Lifecycle.Name(state.Status)} incident takes no more changes. Declare a new incident if the problem is back.");
        }

        var decision = command switch
        {
            AddEntry c => DecideAddEntry(state, c, context),
            PinEntry c => DecidePin(state, c),
            ChangeStatus c => DecideStatus(state, c, context),
            ChangeSeverity c => DecideSeverity(state, c, context),
            AssignRole c => DecideRole(state, c),
            JoinResponse => state.Responders.Contains(context.Actor) ? Ok() : Ok(new ResponderJoined(context.Actor)),
            LeaveResponse => DecideLeave(state, context),
            DeclineIncident c => DecideDecline(state, c),
            StateImpact c => DecideImpact(state, c.Components, context),
            PostUpdate c => DecideUpdate(state, c),
            SetHypothesis c => DecideHypothesis(state, c),
            CheckChecklistItem c => DecideChecklist(state, c),
            OpenUsualSuspects c => UsualSuspects.Due(state, context.Severities) ? Ok(UsualSuspects.Open(state.Services, state.StartedAt, c.Changes)) : Ok(),
            AttachEvidence c => DecideEvidence(c),
            ProposeMitigation c => DecidePropose(state, c),
            ApproveMitigation c => DecideApprove(state, c, context),
            StartMitigation c => DecideMitigationStep(state, c.Id, MitigationState.Started, null),
            ApplyMitigation c => DecideMitigationStep(state, c.Id, MitigationState.Applied, null),
            VerifyMitigation c => DecideMitigationStep(state, c.Id, MitigationState.Verified, c.Note),
            AbandonMitigation c => DecideMitigationStep(state, c.Id, MitigationState.Abandoned, c.Reason),
            RecordNudges => DecideNudges(state, context),
            RecordVerification c => DecideVerification(state, c, context),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown incident command."),
        };
        return decision.IsSuccess && decision.Value.Count > 0 ? ApplyGuardrails(state, command, decision.Value, context) : decision;
    }

    /// <summary>
    /// Blocking findings refuse the command unless an override reason was given (then recorded);
    /// warnings are recorded beside the command's own events.
    /// </summary>
    private static Result<IReadOnlyList<IIncidentEvent>> ApplyGuardrails(IncidentState state, IIncidentCommand command, IReadOnlyList<IIncidentEvent> events, DecisionContext context)
    {
        var findings = Guardrails.Guardrails.ForCommand(state, command, context.Severities.PolicyOf(state.Severity), context);
        var blocks = findings.Where(f => f.Level == Guardrails.GuardrailLevel.Block).ToList();
        var result = new List<IIncidentEvent>();
        if (blocks.Count > 0)
        {
            var reason = context.Override?.Trim();
            var hard = blocks.FirstOrDefault(b => !b.Overridable);
            if (hard is not null || string.IsNullOrEmpty(reason))
            {
                var first = hard ?? blocks[0];
                return new GuardrailBlocked(
                    $"Blocked by the {first.Guardrail} guardrail: {first.Message} {first.Fix}" + (hard is null ? " To go ahead anyway, give an override reason." : string.Empty),
                    blocks) { Incident = state.Key };
            }

            if (Text.Optional("override", reason, Limits.Reason, out reason) is { } error)
            {
                return error;
            }

            result.AddRange(blocks.Select(b => new GuardrailOverridden(b.Guardrail, reason)));
        }

        result.AddRange(events);
        result.AddRange(findings.Where(f => f.Level == Guardrails.GuardrailLevel.Warn).Select(f => new GuardrailFired(f.Guardrail, "warn", f.Message, f.Fix, f.Key, f.Action)));
        return result;
    }

    /// <summary>Folds the events in order onto a state (null before the declaration).</summary>
    public static IncidentState? Fold(IncidentState? state, IEnumerable<RecordedEvent> events) =>
        events.Aggregate(state, (s, e) => Evolve(s, e));

    private static Result<IReadOnlyList<IIncidentEvent>> DecideDeclare(DeclareIncident c, DecisionContext context)
    {
        var titleError = Text.RequiredLine("title", c.Title, Limits.Title, out var title);
        var summaryError = Text.Optional("summary", c.Summary, Limits.Summary, out var summary);
        var impactError = Text.Optional("impact", c.Impact, Limits.Impact, out var impact);
        if ((titleError ?? summaryError ?? impactError) is { } error)
        {
            return error;
        }

        var severity = c.Severity is null && c.Triage is not null
            ? context.Severities.AtRank(TriageAssistant.Suggest(c.Triage, context.Severities).Rank)
            : context.Severities.Resolve(c.Severity);
        if (severity is null)
        {
            return new Invalid("severity", string.IsNullOrWhiteSpace(c.Severity)
                ? $"'severity' is required: one of {context.Severities.Names}."
                : $"Unknown severity '{c.Severity}': use one of {context.Severities.Names}.");
        }

        var services = new List<string>();
        foreach (var service in c.Services ?? [])
        {
            if (Text.RequiredLine("services", service, Limits.ServiceName, out var name) is { } serviceError)
            {
                return serviceError;
            }

            if (!services.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                services.Add(name);
            }
        }

        if (services.Count > Limits.Services)
        {
            return new Invalid("services", $"{services.Count} services given; the limit is {Limits.Services}.");
        }

        var startedAt = c.StartedAt ?? context.Now;
        var earliest = context.Now.AddYears(-Limits.StartedAtYearsBack);
        if (startedAt < earliest)
        {
            return new Invalid("startedAt", $"'startedAt' ({startedAt:O}) is more than {Limits.StartedAtYearsBack} years ago; give the time the impact began, between {earliest.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} and now.");
        }

        if (startedAt > context.Now.AddMinutes(5))
        {
            return new Invalid("startedAt", $"'startedAt' ({startedAt:O}) is in the future; give the time the impact began, now or earlier.");
        }

        var status = IncidentStatus.Investigating;
        if (c.Status is not null && (!WireNames.TryParse(c.Status, out status) || status is not (IncidentStatus.Triage or IncidentStatus.Investigating)))
        {
            return new Invalid("status", $"A new incident starts in 'triage' (not yet confirmed) or 'investigating'; '{c.Status}' is neither.");
        }

        var suggestion = c.Triage is null ? null : TriageAssistant.Suggest(c.Triage, context.Severities);
        var isPrivate = c.Private || (c.Triage is not null && TriageAssistant.IsPrivateByRule(c.Triage));
        var events = new List<IIncidentEvent>
        {
            new IncidentDeclared(title, severity.Name, NullIfEmpty(summary), NullIfEmpty(impact), services, startedAt, isPrivate, status),
            new ResponderJoined(context.Actor),
        };
        if (suggestion is not null)
        {
            events.Add(new TriageRecorded(RecordedTriageAnswers.From(c.Triage!), suggestion.Severity, [.. suggestion.Reasons, .. suggestion.Advice]));
            if (suggestion.Checklist.Count > 0)
            {
                events.Add(new ChecklistAdded("security", suggestion.Checklist));
            }
        }
        if (c.Components is { Count: > 0 })
        {
            var impacts = StatusPage.Impacts.Parse(c.Components, context.Components);
            if (!impacts.IsSuccess)
            {
                return impacts.Error!;
            }

            events.Add(new ImpactStated(impacts.Value));
        }

        if (!string.IsNullOrWhiteSpace(c.Commander))
        {
            events.Add(new RoleAssigned(IncidentRoles.Commander, c.Commander.Trim(), null));
        }

        return Ok([.. events]);
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideAddEntry(IncidentState state, AddEntry c, DecisionContext context)
    {
        if (!WireNames.TryParse<EntryKind>(c.Kind, out var kind))
        {
            return new Invalid("kind", $"Unknown entry kind '{c.Kind}': use one of {string.Join(", ", WireNames.All<EntryKind>())}.");
        }

        if (Text.Required("text", c.Text, Limits.EntryText, out var text) is { } error)
        {
            return error;
        }

        // A symptom while the fix is being verified is a recurrence: the window starts over.
        return kind == EntryKind.Symptom && state.Verification is not null
            ? Ok(new TimelineEntryAdded(kind, text), Recurred(state, "a symptom was recorded", context))
            : Ok(new TimelineEntryAdded(kind, text));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecidePin(IncidentState state, PinEntry c)
    {
        if (c.Entry <= 0)
        {
            return new Invalid("entry", "Give the number of the entry to pin ('entry': the #N shown on the timeline).");
        }

        if (c.Target is not TimelineEntryAdded)
        {
            return c.Target is null
                ? new NotFound($"{state.Key} has no timeline entry {c.Entry}.")
                : new Invalid("entry", $"Entry {c.Entry} of {state.Key} is a recorded change, not a written entry; only written entries can be pinned.");
        }

        var pinned = state.Pinned.Contains(c.Entry);
        if (pinned == c.Pin)
        {
            return Ok();
        }

        return c.Pin ? Ok(new EntryPinned(c.Entry)) : Ok(new EntryUnpinned(c.Entry));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideStatus(IncidentState state, ChangeStatus c, DecisionContext context)
    {
        var allowed = Lifecycle.AllowedFrom(state.Status);
        var allowedText = string.Join(", ", allowed.Select(Lifecycle.Name));
        if (!WireNames.TryParse<IncidentStatus>(c.Status, out var to))
        {
            return new Invalid("status", $"Unknown status '{c.Status}'. From {Lifecycle.Name(state.Status)} the allowed moves are: {allowedText}.");
        }

        if (to == IncidentStatus.Declined)
        {
            return new Invalid("status", $"To decline {state.Key}, use the decline command with a reason.");
        }

        if (!allowed.Contains(to))
        {
            return new Invalid("status", to == state.Status
                ? $"{state.Key} is already {Lifecycle.Name(to)}. Allowed moves: {allowedText}."
                : $"{state.Key} cannot move from {Lifecycle.Name(state.Status)} to {Lifecycle.Name(to)}. Allowed moves: {allowedText}.");
        }

        if (Text.Optional("reason", c.Reason, Limits.Reason, out var reason) is { } error)
        {
            return error;
        }

        return to == IncidentStatus.Resolved
            ? DecideResolve(state, NullIfEmpty(reason), context)
            : Ok(new StatusChanged(state.Status, to, NullIfEmpty(reason)));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideSeverity(IncidentState state, ChangeSeverity c, DecisionContext context)
    {
        var level = context.Severities.Resolve(c.Severity);
        if (level is null)
        {
            return new Invalid("severity", $"Unknown severity '{c.Severity}': use one of {context.Severities.Names}.");
        }

        if (level.Name == state.Severity)
        {
            return new Invalid("severity", $"{state.Key} is already {level.Name}.");
        }

        if (Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error)
        {
            return new Invalid("reason", $"Say why the severity changes: {error.Message}");
        }

        return Ok(new SeverityChanged(state.Severity, level.Name, reason));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideImpact(IncidentState state, IReadOnlyDictionary<string, string?>? given, DecisionContext context)
    {
        var parsed = StatusPage.Impacts.Parse(given, context.Components);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        // Only what changes is recorded; a statement that changes nothing records nothing. The first
        // statement always counts: it replaces what the page read from the severity and the services.
        var changes = parsed.Value
            .Where(i => state.ComponentImpact.Count == 0
                || (state.ComponentImpact.TryGetValue(i.Component, out var now) ? now != i.Status : i.Status != StatusPage.ComponentStatus.Operational))
            .ToList();
        return changes.Count == 0 ? Ok() : Ok(new ImpactStated(changes));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideDecline(IncidentState state, DeclineIncident c)
    {
        if (state.Status != IncidentStatus.Triage)
        {
            return new Invalid("status", $"Only an incident in triage can be declined; {state.Key} is {Lifecycle.Name(state.Status)}. Resolve it instead.");
        }

        if (Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error)
        {
            return new Invalid("reason", $"Say why this is not an incident: {error.Message}");
        }

        return Ok(new IncidentDeclined(reason));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
