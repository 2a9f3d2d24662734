using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Reports;
using Firebreak.Storage.Postmortems;
using Firebreak.Storage.Reports;

namespace Firebreak.Server.Reports;

/// <summary>
/// The learning report for the API, the page and the CLI alike: the filters read once, the rows of figures
/// read from incident_figures (reaching back far enough to see repeats), the action items and postmortems
/// from their states, and the figures computed in Core. It names no incident, so it is the same for everyone.
/// </summary>
public sealed class ReportService(IncidentFiguresStore figures, PostmortemStore reviews, Storage.Alerts.AlertStore alerts, SeverityScale severities, TimeProvider clock)
{
    public async Task<Result<LearningReport>> LearningAsync(string? since, string? severity, string? service, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var filter = ReportFilter.Parse(since, severity, service, severities, now);
        if (!filter.IsSuccess)
        {
            return filter.Error!;
        }

        var rows = await figures.ListAsync(filter.Value.Since - LearningReport.RepeatWindow, cancellationToken);
        var actions = await reviews.Actions.ListAsync(cancellationToken);
        var postmortems = await reviews.Postmortems.ListAsync(cancellationToken);
        var groups = (await alerts.OpenedBetweenAsync(filter.Value.Since, now.AddSeconds(1), cancellationToken))
            .Where(g => filter.Value.Service is not { } on || string.Equals(g.Service, on, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var ruleReviews = await alerts.RuleReviews.ListAsync(cancellationToken);
        return LearningReport.Compute(filter.Value, rows, actions, postmortems, severities, now) with
        {
            Alerts = Core.Alerts.AlertWindowFigures.From(groups, ruleReviews, filter.Value.Since),
        };
    }
}
