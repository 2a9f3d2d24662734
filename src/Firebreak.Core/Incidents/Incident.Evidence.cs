using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;

namespace Firebreak.Core.Incidents;

// Evidence: what was kept, named and hashed by the caller, recorded on the timeline.
public static partial class Incident
{
    private static Result<IReadOnlyList<IIncidentEvent>> DecideEvidence(AttachEvidence c)
    {
        if (Text.RequiredLine("name", c.Name, 200, out var name) is { } error)
        {
            return error;
        }

        return Ok(new EvidenceAttached(c.Number, c.Kind, name, c.Sha256, c.Size, c.Url, c.Verification));
    }
}
