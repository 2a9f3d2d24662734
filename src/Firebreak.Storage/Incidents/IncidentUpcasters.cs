using System.Text.Json.Nodes;

namespace Firebreak.Storage.Incidents;

/// <summary>
/// Reads older stored shapes of incident events as the current ones. Each step turns one stored
/// name and its JSON into the next name and shape; a chain of steps brings any old event up to date
/// on read. Stored rows are never rewritten. A changed event shape adds its step to <see cref="Released"/>.
/// </summary>
public sealed class IncidentUpcasters(IReadOnlyDictionary<string, Func<JsonObject, (string Name, JsonObject Data)>> steps)
{
    /// <summary>The steps of the released shapes (none yet: every stored name is still current).</summary>
    public static readonly IncidentUpcasters Released = new(new Dictionary<string, Func<JsonObject, (string, JsonObject)>>());

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
