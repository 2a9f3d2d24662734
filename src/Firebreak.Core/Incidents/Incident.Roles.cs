using Firebreak.Core.Common;

namespace Firebreak.Core.Incidents;

public static partial class Incident
{
    private static Result<IReadOnlyList<IIncidentEvent>> DecideRole(IncidentState state, AssignRole c)
    {
        var role = IncidentRoles.Normalize(c.Role);
        if (role is null)
        {
            return new Invalid("role", $"Unknown role '{c.Role}': use {string.Join(", ", IncidentRoles.WellKnown)} or a custom lowercase name (letters, digits, dashes).");
        }

        if (Text.RequiredLine("user", c.Holder, Limits.Username, out var holder) is { } error)
        {
            return error;
        }

        var previous = state.Roles.GetValueOrDefault(role);
        if (previous == holder)
        {
            return new Invalid("user", $"{holder} already holds the {role} role on {state.Key}.");
        }

        return Ok(new RoleAssigned(role, holder, previous));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideLeave(IncidentState state, DecisionContext context)
    {
        if (!state.Responders.Contains(context.Actor))
        {
            return new Invalid("responder", $"{context.Actor} is not responding to {state.Key}; there is nothing to leave.");
        }

        if (state.Commander == context.Actor && Lifecycle.IsActive(state.Status))
        {
            return new Invalid("role", $"{context.Actor} is the commander of {state.Key}: hand the commander role to someone else before leaving.");
        }

        return Ok(new ResponderLeft(context.Actor));
    }
}
