using System.Text.Json.Nodes;

namespace Firebreak.Storage.Incidents;

/// <summary>
/// Reads older stored shapes of incident events as the current ones. Each step turns one stored
/// name and its JSON into the next name and shape; a chain of steps brings any old event up to date
/// on read. Stored rows are never rewritten. A changed event shape adds its step to <see cref="Released"/>.
/// </summary>
public sealed class IncidentUpcasters(IReadOnlyDictionary<string, Func<JsonObject, (string Name, JsonObject Data)>> steps)
{
    /// <summary>The steps of the released shapes.</summary>
    public static readonly IncidentUpcasters Released = new(new Dictionary<string, Func<JsonObject, (string, JsonObject)>>
    {
        // v1 named evidence by its row id, one sequence across all incidents; v2 by its number within
        // the incident. The number is the event's place among the incident's evidence, which one event
        // cannot know: it reads as 0 here and the store numbers it (IncidentStore.NumberOlderEvidenceAsync).
        // The row id stays in the stored event and in the evidence table.
        ["incident.evidence-attached.v1"] = v1 =>
        {
            var v2 = new JsonObject { ["number"] = 0 };
            foreach (var (name, value) in v1)
            {
                if (name != "evidenceId")
                {
                    v2[name] = value?.DeepClone();
                }
            }

            return ("incident.evidence-attached.v2", v2);
        },
    });

    public (string Name, string Data) Upcast(string name, string data)
    {
        if (!steps.ContainsKey(name))
        {
            return (name, data);
        }

        var json = JsonNode.Parse(data)!.AsObject();
        var seen = 0;
        while (steps.TryGetValue(name, out var step))
        {
            if (++seen > steps.Count)
            {
                throw new InvalidOperationException($"The upcasters for '{name}' form a loop.");
            }

            (name, json) = step(json);
        }

        return (name, json.ToJsonString());
    }
}
