using Firebreak.Core.Common;
using Firebreak.Core.Evidence;
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

        VerificationCheckKind? checkKind = null;
        if (!string.IsNullOrWhiteSpace(c.CheckKind))
        {
            if (!WireNames.TryParse<VerificationCheckKind>(c.CheckKind, out var parsed))
            {
                return new Invalid("checkKind", $"Unknown kind of check '{c.CheckKind}': use one of {string.Join(", ", WireNames.All<VerificationCheckKind>())}.");
            }

            if (!c.Verification)
            {
                return new Invalid("checkKind", "A kind of check goes with verification evidence only; mark the evidence as verification, or leave the kind of check out.");
            }

            checkKind = parsed;
        }

        return Ok(new EvidenceAttached(c.Number, c.Kind, name, c.Sha256, c.Size, c.Url, c.Verification, checkKind));
    }
}
