using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.StatusPage;

/// <summary>States an incident's impact per status page component: the API's body, the room's form and the CLI's arguments read into it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class StateImpactRequest : CommandRequest
{
    /// <summary>Component name to its impact: degraded_performance, partial_outage, major_outage, or operational to take it off.</summary>
    public Dictionary<string, string?>? Components { get; set; }

    public IIncidentCommand ToCommand() => new StateImpact(Components);

    /// <summary>The room's form has one field per component, <c>impact:NAME</c>; an empty one leaves that component as it is.</summary>
    public static StateImpactRequest FromForm(IEnumerable<KeyValuePair<string, string?>> fields) => new()
    {
        Components = fields
            .Where(f => f.Key.StartsWith(FieldPrefix, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(f.Value))
            .GroupBy(f => f.Key[FieldPrefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
    };

    public const string FieldPrefix = "impact:";
}

public static class ImpactEndpoints
{
    public static void MapImpact(this RouteGroupBuilder incidents) =>
        IncidentEndpoints.MapCommand(incidents, "impact", ApiJson.Default.StateImpactRequest, (r, _) => r.ToCommand(),
            "State the impact on status page components (component name to degraded_performance, partial_outage, major_outage, or operational to take it off).");
}
