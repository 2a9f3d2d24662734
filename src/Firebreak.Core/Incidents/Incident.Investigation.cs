using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Incidents;

// Investigating: hypotheses confirmed or rejected, checklists ticked.
public static partial class Incident
{
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
}
