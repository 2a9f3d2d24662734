using System.Globalization;
using Firebreak.Server.Audit;

namespace Firebreak.Cli.Client;

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/audit: a page of the audit log, newest first, filtered by actor and kind (admin).</summary>
    public Task<ApiResponse<AuditPageDto>> GetAuditAsync(string? actor, string? kind, long? before, int? limit, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        Add("actor", actor);
        Add("kind", kind);
        Add("before", before?.ToString(CultureInfo.InvariantCulture));
        Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync("api/v1/audit" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query)), AuditJson.Default.AuditPageDto, cancellationToken);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }
}
