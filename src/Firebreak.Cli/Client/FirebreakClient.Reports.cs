using Firebreak.Core.Reports;
using Firebreak.Server.Reports;

namespace Firebreak.Cli.Client;

public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/reports/learning with the filters given.</summary>
    public Task<ApiResponse<LearningReport>> GetLearningReportAsync(string? since, string? severity, string? service, CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/reports/learning" + ReportQuery(since, severity, service), ReportsJson.Default.LearningReport, cancellationToken);

    /// <summary>GET /api/v1/reports/learning.csv with the filters given.</summary>
    public async Task<string> GetLearningReportCsvAsync(string? since, string? severity, string? service, CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await SendAsync(HttpMethod.Get, "api/v1/reports/learning.csv" + ReportQuery(since, severity, service), null, null, cancellationToken));

    private static string ReportQuery(string? since, string? severity, string? service)
    {
        var pairs = new[] { ("since", since), ("severity", severity), ("service", service) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .ToList();
        return pairs.Count == 0 ? string.Empty : "?" + string.Join('&', pairs);
    }
}
