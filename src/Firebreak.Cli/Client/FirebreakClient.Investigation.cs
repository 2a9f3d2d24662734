using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Investigation;

namespace Firebreak.Cli.Client;

/// <summary>Hypotheses and incident checklists.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>POST …/hypotheses/{entry}: confirm, reject or reopen a hypothesis entry.</summary>
    public Task<ApiResponse<IncidentDto>> SetHypothesisAsync(string incident, long entry, HypothesisRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, $"hypotheses/{Number(entry)}", request, ApiJson.Default.HypothesisRequest, options, cancellationToken);

    /// <summary>POST …/checklists/{checklist}/items/{item}: tick an item of an incident checklist.</summary>
    /// <remarks>The route has no fields of its own; it reads the mitigation steps' body, which carries the override reason.</remarks>
    public Task<ApiResponse<IncidentDto>> TickChecklistItemAsync(string incident, string checklist, int item, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, $"checklists/{Uri.EscapeDataString(checklist)}/items/{Number(item)}", new ChecklistItemRequest(), ApiJson.Default.ChecklistItemRequest, options, cancellationToken);
}
