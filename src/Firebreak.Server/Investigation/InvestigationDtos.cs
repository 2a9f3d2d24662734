using System.Text.Json.Serialization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Investigation;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class HypothesisRequest : CommandRequest
{
    /// <summary>open, confirmed or rejected.</summary>
    public string? Status { get; set; }

    public IIncidentCommand ToCommand(long entry) => new SetHypothesis(entry, Status, null);

    public static HypothesisRequest FromForm(Func<string, string?> field) => new() { Status = field("status") };
}

/// <summary>Ticks a checklist item; the checklist and the item are in the path.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ChecklistItemRequest : CommandRequest
{
    public static IIncidentCommand ToCommand(string? checklist, int item) => new CheckChecklistItem(checklist, item);
}
