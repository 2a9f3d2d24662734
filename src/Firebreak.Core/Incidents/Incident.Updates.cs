using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Updates;

namespace Firebreak.Core.Incidents;

// Stakeholder updates: who they are for, and the public status they carry.
public static partial class Incident
{
    private static Result<IReadOnlyList<IIncidentEvent>> DecideUpdate(IncidentState state, PostUpdate c)
    {
        if (!WireNames.TryParse<UpdateAudience>(c.Audience ?? "internal", out var audience))
        {
            return new Invalid("audience", $"Unknown audience '{c.Audience}': use internal or public.");
        }

        if (Text.Required("text", c.Text, Limits.UpdateText, out var text) is { } error)
        {
            return error;
        }

        PublicStatus? publicStatus = null;
        if (audience == UpdateAudience.Internal && !string.IsNullOrWhiteSpace(c.PublicStatus))
        {
            return new Invalid("status", "Only public updates carry a public status: make the audience public, or leave the status out.");
        }

        if (audience == UpdateAudience.Public)
        {
            if (c.PublicStatus is null)
            {
                publicStatus = PublicStatusOf(state.Status);
            }
            else if (WireNames.TryParse<PublicStatus>(c.PublicStatus, out var parsed))
            {
                publicStatus = parsed;
            }
            else
            {
                return new Invalid("status", $"Unknown public status '{c.PublicStatus}': use {string.Join(", ", WireNames.All<PublicStatus>())}.");
            }
        }

        return Ok(new UpdatePosted(audience, publicStatus, text));
    }

    /// <summary>The public status that matches an incident status.</summary>
    public static PublicStatus PublicStatusOf(IncidentStatus status) => status switch
    {
        IncidentStatus.Identified => PublicStatus.Identified,
        IncidentStatus.Monitoring => PublicStatus.Monitoring,
        IncidentStatus.Resolved or IncidentStatus.Closed or IncidentStatus.Declined => PublicStatus.Resolved,
        _ => PublicStatus.Investigating,
    };
}
