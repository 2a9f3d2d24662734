using Firebreak.Server.Alerts;

namespace Firebreak.Cli.Client;

/// <summary>Alert groups: the list with its filters, one with its alerts, and acknowledge, resolve, silence.</summary>
public sealed partial class FirebreakClient
{
    private static string AlertGroup(string group) => $"api/v1/alert-groups/{Uri.EscapeDataString(group)}";

    /// <summary>GET /api/v1/alert-groups with its filters (status comma-separated, service, incident).</summary>
    public Task<ApiResponse<AlertGroupListDto>> GetAlertGroupsAsync(string? status, string? service, string? incident, int? limit, CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        AddFilter(filters, "status", status);
        AddFilter(filters, "service", service);
        AddFilter(filters, "incident", incident);
        AddFilter(filters, "limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return GetAsync("api/v1/alert-groups" + (filters.Count > 0 ? "?" + string.Join('&', filters) : string.Empty), AlertJson.Default.AlertGroupListDto, cancellationToken);
    }

    /// <summary>GET /api/v1/alert-groups/{group} (AG-3 or 3), with its alerts.</summary>
    public Task<ApiResponse<AlertGroupDto>> GetAlertGroupAsync(string group, CancellationToken cancellationToken = default) =>
        GetAsync(AlertGroup(group), AlertJson.Default.AlertGroupDto, cancellationToken);

    /// <summary>POST /api/v1/alert-groups/{group}/{verb}: acknowledge, resolve or silence.</summary>
    public Task<ApiResponse<AlertGroupDto>> ChangeAlertGroupAsync(string group, string verb, AlertGroupCommandRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{AlertGroup(group)}/{verb}", request, AlertJson.Default.AlertGroupCommandRequest, AlertJson.Default.AlertGroupDto, cancellationToken);

    /// <summary>GET /api/v1/integrations (admins).</summary>
    public Task<ApiResponse<IntegrationListDto>> GetIntegrationsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/integrations", AlertJson.Default.IntegrationListDto, cancellationToken);

    /// <summary>POST /api/v1/integrations: the answer holds the key, shown this once.</summary>
    public Task<ApiResponse<IntegrationKeyDto>> CreateIntegrationAsync(IntegrationRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/integrations", request, AlertJson.Default.IntegrationRequest, AlertJson.Default.IntegrationKeyDto, cancellationToken);

    /// <summary>POST /api/v1/integrations/{name}/rotate-key.</summary>
    public Task<ApiResponse<IntegrationKeyDto>> RotateIntegrationKeyAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/integrations/{Uri.EscapeDataString(name)}/rotate-key", content: null, AlertJson.Default.IntegrationKeyDto, ifVersion: null, cancellationToken);

    /// <summary>DELETE /api/v1/integrations/{name}.</summary>
    public Task<ApiResponse<IntegrationDto>> RemoveIntegrationAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/integrations/{Uri.EscapeDataString(name)}", content: null, AlertJson.Default.IntegrationDto, ifVersion: null, cancellationToken);

    /// <summary>GET /api/v1/alert-rules/review?month=YYYY-MM.</summary>
    public Task<ApiResponse<RuleReviewDto>> GetAlertReviewAsync(string? month, CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/alert-rules/review" + (month is null ? string.Empty : "?month=" + Uri.EscapeDataString(month)), AlertJson.Default.RuleReviewDto, cancellationToken);

    /// <summary>POST /api/v1/alert-rules/review: mark a rule actionable or to tune.</summary>
    public Task<ApiResponse<RuleDto>> MarkAlertRuleAsync(RuleMarkRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/alert-rules/review", request, AlertJson.Default.RuleMarkRequest, AlertJson.Default.RuleDto, cancellationToken);

    /// <summary>GET /api/v1/probes.</summary>
    public Task<ApiResponse<Firebreak.Server.Probes.ProbeListDto>> GetProbesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/probes", Firebreak.Server.Probes.ProbeJson.Default.ProbeListDto, cancellationToken);

    /// <summary>GET /api/v1/probes/{name}: its recent runs and hourly history.</summary>
    public Task<ApiResponse<Firebreak.Server.Probes.ProbeDto>> GetProbeAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync($"api/v1/probes/{Uri.EscapeDataString(name)}", Firebreak.Server.Probes.ProbeJson.Default.ProbeDto, cancellationToken);
}
