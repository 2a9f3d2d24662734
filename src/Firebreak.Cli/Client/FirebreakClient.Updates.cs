using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Updates;

namespace Firebreak.Cli.Client;

/// <summary>Stakeholder updates: draft one from a template, post one.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/incidents/{incident}/updates/draft: a stakeholder update from a template (default: the one that fits the status).</summary>
    public Task<ApiResponse<UpdateDraftDto>> DraftUpdateAsync(string incident, string? template = null, CancellationToken cancellationToken = default) =>
        GetAsync($"{Incident(incident)}/updates/draft{(template is null ? string.Empty : $"?template={Uri.EscapeDataString(template)}")}", ApiJson.Default.UpdateDraftDto, cancellationToken);

    /// <summary>POST /api/v1/incidents/{incident}/updates: post a stakeholder update.</summary>
    public Task<ApiResponse<IncidentDto>> PostUpdateAsync(string incident, PostUpdateRequest request, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        IncidentCommandAsync(incident, "updates", request, ApiJson.Default.PostUpdateRequest, options, cancellationToken);
}
