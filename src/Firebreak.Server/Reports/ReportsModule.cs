using Firebreak.Core.Incidents;
using Firebreak.Storage.Reports;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Reports;

/// <summary>The learning report: the incident figures' projection and table, the service, the API (JSON and CSV); the page is /reports.</summary>
public static class ReportsModule
{
    public static void AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProjection>(sp => new IncidentFiguresProjection(sp.GetRequiredService<SeverityScale>()));
        builder.Services.AddSingleton<IncidentFiguresStore>();
        builder.Services.AddSingleton<ReportService>();
    }

    public static void MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/learning", async (string? since, string? severity, string? service, ReportService service_, CancellationToken ct) =>
            {
                var report = await service_.LearningAsync(since, severity, service, ct);
                return report.IsSuccess ? Results.Json(report.Value, ReportsJson.Default.LearningReport) : Http.Problems.From(report.Error!);
            })
            .Produces<Core.Reports.LearningReport>()
            .WithSummary("The learning report over incidents that started since (90d by default, or a day such as 2026-09-01): time to detect, acknowledge, mitigate and resolve, repeats, action items and process compliance; overall, by severity, by service and by month. It names no incident.");

        reports.MapGet("/learning.csv", async (string? since, string? severity, string? service, ReportService service_, CancellationToken ct) =>
            {
                var report = await service_.LearningAsync(since, severity, service, ct);
                return report.IsSuccess ? Results.Text(ReportCsv.Write(report.Value), "text/csv; charset=utf-8") : Http.Problems.From(report.Error!);
            })
            .Produces<string>(200, "text/csv").ProducesProblem(400)
            .WithSummary("The learning report as CSV: one row per group (overall, each severity, service and month), with a header.");
    }
}
