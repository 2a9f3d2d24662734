using Firebreak.Core.Triage;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Triage;

namespace Firebreak.Cli.Client;

/// <summary>/api/v1/severities and /api/v1/triage: the levels in force, and the level the answers suggest.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/severities: the levels in force and their policies.</summary>
    public async Task<ApiResponse<IReadOnlyList<SeverityDto>>> GetSeveritiesAsync(CancellationToken cancellationToken = default)
    {
        var (levels, json) = await GetAsync("api/v1/severities", ApiJson.Default.ListSeverityDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<SeverityDto>>(levels, json);
    }

    /// <summary>POST /api/v1/triage: the severity the answers suggest (unknown answers count as the worse case).</summary>
    public Task<ApiResponse<TriageSuggestion>> TriageAsync(TriageRequest answers, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/triage", answers, ApiJson.Default.TriageRequest, ApiJson.Default.TriageSuggestion, cancellationToken);
}
