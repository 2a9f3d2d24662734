using System.Globalization;
using Firebreak.Server.Notifications;

namespace Firebreak.Cli.Client;

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/deliveries: the delivery log, newest first; without an incident, admins only.</summary>
    public Task<ApiResponse<DeliveryPageDto>> GetDeliveriesAsync(string? incident, string? channel, string? state, long? before, int? limit, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        Add("incident", incident);
        Add("channel", channel);
        Add("state", state);
        Add("before", before?.ToString(CultureInfo.InvariantCulture));
        Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync("api/v1/deliveries" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query)), NotificationsJson.Default.DeliveryPageDto, cancellationToken);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }

    /// <summary>GET /api/v1/deliveries/{id}: one delivery with every try.</summary>
    public Task<ApiResponse<DeliveryDto>> GetDeliveryAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync($"api/v1/deliveries/{id.ToString(CultureInfo.InvariantCulture)}", NotificationsJson.Default.DeliveryDto, cancellationToken);

    /// <summary>POST /api/v1/deliveries/{id}/retry: a failed delivery is sent again (admin).</summary>
    public Task<ApiResponse<DeliveryDto>> RetryDeliveryAsync(long id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/deliveries/{id.ToString(CultureInfo.InvariantCulture)}/retry", content: null, NotificationsJson.Default.DeliveryDto, ifVersion: null, cancellationToken);

    /// <summary>GET /api/v1/channels: the configured channels, without their secrets.</summary>
    public Task<ApiResponse<ChannelListDto>> GetChannelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/channels", NotificationsJson.Default.ChannelListDto, cancellationToken);

    /// <summary>POST /api/v1/channels/{name}/test: a test message now, and the receiver's answer (admin).</summary>
    public Task<ApiResponse<ChannelTestDto>> TestChannelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/channels/{Uri.EscapeDataString(name)}/test", content: null, NotificationsJson.Default.ChannelTestDto, ifVersion: null, cancellationToken);
}
