using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;

namespace Firebreak.Core.Incidents;

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

    private static Result<IReadOnlyList<IIncidentEvent>> DecideHypothesis(IncidentState state, SetHypothesis c)
    {
        if (c.Target is not TimelineEntryAdded { Kind: EntryKind.Hypothesis })
        {
            return c.Target is null
                ? new NotFound($"{state.Key} has no timeline entry {c.Entry}.")
                : new Invalid("entry", $"Entry {c.Entry} of {state.Key} is not a hypothesis; log one with kind 'hypothesis'.");
        }

        if (!WireNames.TryParse<HypothesisStatus>(c.Status, out var status))
        {
            return new Invalid("status", $"Unknown hypothesis status '{c.Status}': use open, confirmed or rejected.");
        }

        var current = state.Hypotheses.FirstOrDefault(h => h.Entry == c.Entry);
        return current?.Status == status ? Ok() : Ok(new HypothesisUpdated(c.Entry, status));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideChecklist(IncidentState state, CheckChecklistItem c)
    {
        var checklist = state.Checklists.FirstOrDefault(l => string.Equals(l.Name, c.Name?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (checklist is null)
        {
            return new NotFound($"{state.Key} has no checklist '{c.Name}'" + (state.Checklists.Count > 0 ? $"; it has {string.Join(", ", state.Checklists.Select(l => l.Name))}." : "."));
        }

        if (c.Item < 1 || c.Item > checklist.Items.Count)
        {
            return new Invalid("item", $"The {checklist.Name} checklist has items 1 to {checklist.Items.Count}.");
        }

        return checklist.Done.Contains(c.Item) ? Ok() : Ok(new ChecklistItemChecked(checklist.Name, c.Item));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideEvidence(AttachEvidence c)
    {
        if (Text.Required("name", c.Name, 200, out var name) is { } error)
        {
            return error;
        }

        return Ok(new EvidenceAttached(c.EvidenceId, c.Kind, name, c.Sha256, c.Size, c.Url, c.Verification));
    }

    private static Result<IReadOnlyList<IIncidentEvent>> DecideNudges(IncidentState state, DecisionContext context)
    {
        var fired = Guardrails.Guardrails.Unrecorded(state, context.Severities.PolicyOf(state.Severity), context.Guardrails, context.Now);
        return Ok([.. fired.Select(f => new GuardrailFired(f.Guardrail, WireNames.Of(f.Level), f.Message, f.Fix, f.Key))]);
    }
}
