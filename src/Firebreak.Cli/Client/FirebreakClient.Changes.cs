using Firebreak.Core.Changes;
using Firebreak.Server.Changes;

namespace Firebreak.Cli.Client;

/// <summary>Change events: record one, list them by service and time, and an incident's "what changed".</summary>
public sealed partial class FirebreakClient
{
    /// <summary>POST /api/v1/changes.</summary>
    public Task<ApiResponse<Change>> RecordChangeAsync(ChangeRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/changes", request, ChangesJson.Default.ChangeRequest, ChangesJson.Default.Change, cancellationToken);

    /// <summary>GET /api/v1/changes with the filters given (service: one name or several separated by commas).</summary>
    public Task<ApiResponse<ChangeListDto>> GetChangesAsync(string? service, string? since, string? until, int? limit, CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        AddFilter(filters, "service", service);
        AddFilter(filters, "since", since);
        AddFilter(filters, "until", until);
        AddFilter(filters, "limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return GetAsync("api/v1/changes" + (filters.Count > 0 ? "?" + string.Join('&', filters) : string.Empty), ChangesJson.Default.ChangeListDto, cancellationToken);
    }

    /// <summary>GET /api/v1/incidents/{incident}/changes.</summary>
    public Task<ApiResponse<IncidentChangesDto>> GetIncidentChangesAsync(string incident, CancellationToken cancellationToken = default) =>
        GetAsync($"{Incident(incident)}/changes", ChangesJson.Default.IncidentChangesDto, cancellationToken);
}
