using Firebreak.Server.Operations;

namespace Firebreak.Cli.Client;

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/admin/stats: the server's counters since it started (admin).</summary>
    public Task<ApiResponse<StatsDto>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/admin/stats", OperationsJson.Default.StatsDto, cancellationToken);

    /// <summary>POST /api/v1/admin/rebuild: every incident's read model folded again from its events (admin).</summary>
    public Task<ApiResponse<RebuildDto>> RebuildAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/admin/rebuild", content: null, OperationsJson.Default.RebuildDto, ifVersion: null, cancellationToken);
}
