using Firebreak.Server.StatusPage;

namespace Firebreak.Cli.Client;

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/status/components.</summary>
    public Task<ApiResponse<ComponentListDto>> GetComponentsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/status/components", StatusAdminJson.Default.ComponentListDto, cancellationToken);

    /// <summary>POST /api/v1/status/components/{name}/status.</summary>
    public Task<ApiResponse<ComponentDto>> SetComponentStatusAsync(string name, SetComponentStatusRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"api/v1/status/components/{Uri.EscapeDataString(name)}/status", request, StatusAdminJson.Default.SetComponentStatusRequest, StatusAdminJson.Default.ComponentDto, cancellationToken);

    /// <summary>POST /api/v1/status/components/{name}/corrections.</summary>
    public Task<ApiResponse<ComponentDto>> CorrectUptimeAsync(string name, CorrectUptimeRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"api/v1/status/components/{Uri.EscapeDataString(name)}/corrections", request, StatusAdminJson.Default.CorrectUptimeRequest, StatusAdminJson.Default.ComponentDto, cancellationToken);

    /// <summary>GET /api/v1/maintenances.</summary>
    public Task<ApiResponse<MaintenanceListDto>> GetMaintenancesAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/maintenances", StatusAdminJson.Default.MaintenanceListDto, cancellationToken);

    /// <summary>GET /api/v1/maintenances/{id}.</summary>
    public Task<ApiResponse<MaintenanceDto>> GetMaintenanceAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync($"api/v1/maintenances/{Uri.EscapeDataString(id)}", StatusAdminJson.Default.MaintenanceDto, cancellationToken);

    /// <summary>POST /api/v1/maintenances.</summary>
    public Task<ApiResponse<MaintenanceDto>> ScheduleMaintenanceAsync(ScheduleMaintenanceRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/maintenances", request, StatusAdminJson.Default.ScheduleMaintenanceRequest, StatusAdminJson.Default.MaintenanceDto, cancellationToken);

    /// <summary>POST /api/v1/maintenances/{id}/progress.</summary>
    public Task<ApiResponse<MaintenanceDto>> ProgressMaintenanceAsync(string id, ProgressMaintenanceRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"api/v1/maintenances/{Uri.EscapeDataString(id)}/progress", request, StatusAdminJson.Default.ProgressMaintenanceRequest, StatusAdminJson.Default.MaintenanceDto, cancellationToken);

    /// <summary>POST /api/v1/maintenances/{id}/cancel.</summary>
    public Task<ApiResponse<MaintenanceDto>> CancelMaintenanceAsync(string id, CancelMaintenanceRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"api/v1/maintenances/{Uri.EscapeDataString(id)}/cancel", request, StatusAdminJson.Default.CancelMaintenanceRequest, StatusAdminJson.Default.MaintenanceDto, cancellationToken);
}

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/status/subscribers (admin).</summary>
    public Task<ApiResponse<Firebreak.Server.StatusPage.Subscribers.SubscriberListDto>> GetSubscribersAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/status/subscribers", Firebreak.Server.StatusPage.Subscribers.SubscriberJson.Default.SubscriberListDto, cancellationToken);

    /// <summary>GET /api/v1/status/subscribers/export: the CSV as the server wrote it (admin).</summary>
    public async Task<string> ExportSubscribersAsync(CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await SendAsync(HttpMethod.Get, "api/v1/status/subscribers/export", null, null, cancellationToken));

    /// <summary>POST /api/v1/status/subscribers (admin).</summary>
    public Task<ApiResponse<Firebreak.Server.StatusPage.Subscribers.SubscriberDto>> AddSubscriberAsync(Firebreak.Server.StatusPage.Subscribers.AddSubscriberRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/status/subscribers", request, Firebreak.Server.StatusPage.Subscribers.SubscriberJson.Default.AddSubscriberRequest, Firebreak.Server.StatusPage.Subscribers.SubscriberJson.Default.SubscriberDto, cancellationToken);

    /// <summary>DELETE /api/v1/status/subscribers/{id} (admin).</summary>
    public async Task RemoveSubscriberAsync(long id, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Delete, $"api/v1/status/subscribers/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null, null, cancellationToken);
}
