using Firebreak.Core.Common;
using Firebreak.Core.Mitigations;

namespace Firebreak.Core.Incidents;

public static partial class Incident
{
    private static readonly Dictionary<string, MitigationKind> KindAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["roll-back"] = MitigationKind.Rollback,
        ["flag"] = MitigationKind.FeatureFlag,
        ["feature_flag"] = MitigationKind.FeatureFlag,
        ["fail-over"] = MitigationKind.Failover,
        ["block"] = MitigationKind.RateLimit,
        ["rate_limit"] = MitigationKind.RateLimit,
        ["forward-fix"] = MitigationKind.Hotfix,
    };

    private static Result<IReadOnlyList<IIncidentEvent>> DecidePropose(IncidentState state, ProposeMitigation c)
    {
        if (!WireNames.TryParse<MitigationKind>(c.Kind, out var kind) && !KindAliases.TryGetValue(c.Kind?.Trim() ?? string.Empty, out kind))
        {
            return new Invalid("kind", $"Unknown mitigation kind '{c.Kind}': use {string.Join(", ", WireNames.All<MitigationKind>())}.");
        }

        var titleError = Text.RequiredLine("title", c.Title, Limits.Title, out var title);
        var ownerError = Text.OptionalLine("owner", c.Owner, Limits.Username, out var owner);
        var effectError = Text.Optional("expectedEffect", c.ExpectedEffect, Limits.Reason, out var effect);
        var planError = Text.Optional("rollbackPlan", c.RollbackPlan, Limits.Reason, out var plan);
        if ((titleError ?? ownerError ?? effectError ?? planError) is { } error)
        {
            return error;
        }

        if (kind == MitigationKind.Rollback && c.Checklist is null)
        {
            return new Invalid("checklist", "A rollback records its checklist: did an irreversible migration run, does it have irreversible side effects, and which known-good version is the target?");
        }

        if (c.Checklist?.KnownGoodTarget is { Length: > Limits.Title })
        {
            return new Invalid("checklist.knownGoodTarget", $"The known-good target is over {Limits.Title} characters.");
        }

        if (c.Checklist?.KnownGoodTarget is { } target && Text.Forbidden("checklist.knownGoodTarget", target, line: true) is { } targetError)
        {
            return targetError;
        }

        var id = state.Mitigations.Count + 1;
        return Ok(new MitigationProposed(id, kind, title, NullIfEmpty(owner), NullIfEmpty(effect), c.Risky, NullIfEmpty(plan), kind == MitigationKind.Rollback && c.Checklist is { } checklist ? RecordedRollbackChecklist.From(checklist) : null));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideApprove(IncidentState state, ApproveMitigation c, DecisionContext context)
    {
        if (FindMitigation(state, c.Id) is not { } m)
        {
            return MissingMitigation(state, c.Id);
        }

        if (!m.Risky)
        {
            return new Invalid("mitigation", $"Mitigation {m.Id} is not marked risky; it needs no approval.");
        }

        if (state.Commander != context.Actor)
        {
            return new Forbidden(state.Commander is null
                ? $"Only the commander can approve a risky mitigation, and {state.Key} has none: assign one first."
                : $"Only the commander ({state.Commander}) can approve a risky mitigation.");
        }

        if (m.State != MitigationState.Proposed)
        {
            return new Invalid("mitigation", $"Mitigation {m.Id} is already {WireNames.Of(m.State)}; approval comes before it starts.");
        }

        return m.ApprovedBy is null ? Ok(new MitigationApproved(m.Id)) : Ok();
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideMitigationStep(IncidentState state, int id, MitigationState to, string? text)
    {
        if (FindMitigation(state, id) is not { } m)
        {
            return MissingMitigation(state, id);
        }

        var allowed = MitigationSteps.NextStates(m.State);
        if (!allowed.Contains(to))
        {
            return new Invalid("mitigation", allowed.Count == 0
                ? $"Mitigation {m.Id} is {WireNames.Of(m.State)}; it takes no more changes. Propose a new one."
                : $"Mitigation {m.Id} is {WireNames.Of(m.State)}; it can move to {string.Join(" or ", allowed.Select(WireNames.Of))}, not {WireNames.Of(to)}.");
        }

        switch (to)
        {
            case MitigationState.Abandoned:
                return Text.Required("reason", text, Limits.Reason, out var reason) is { } reasonError
                    ? new Invalid("reason", $"Say why it is abandoned: {reasonError.Message}")
                    : Ok(new MitigationAbandoned(m.Id, reason));
            case MitigationState.Verified:
                return Text.Optional("note", text, Limits.Reason, out var note) is { } noteError ? noteError : Ok(new MitigationVerified(m.Id, NullIfEmpty(note)));
            case MitigationState.Applied:
                return Ok(new MitigationApplied(m.Id));
            default:
                return Ok(new MitigationStarted(m.Id));
        }
    }

    private static Mitigation? FindMitigation(IncidentState state, int id) => state.Mitigations.FirstOrDefault(m => m.Id == id);

    private static NotFound MissingMitigation(IncidentState state, int id) =>
        new($"{state.Key} has no mitigation {id}" + (state.Mitigations.Count > 0 ? $"; its mitigations are 1 to {state.Mitigations.Count}." : "; propose one first."));
}
