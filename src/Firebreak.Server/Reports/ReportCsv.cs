using System.Globalization;
using System.Text;
using Firebreak.Core.Reports;
using Firebreak.Server.Http;

namespace Firebreak.Server.Reports;

/// <summary>The learning report as CSV (RFC 4180): a header, then one row per group (overall, each severity, service and month).</summary>
public static class ReportCsv
{
    public const string Header =
        "dimension,group,incidents,declined,resolved,repeats," +
        "mttd_count,mttd_mean_s,mttd_median_s,tta_count,tta_mean_s,tta_median_s,ttm_count,ttm_mean_s,ttm_median_s,mttr_count,mttr_mean_s,mttr_median_s," +
        "actions,actions_done,actions_wont_do,actions_open,actions_overdue,actions_completion," +
        "cadence_kept,cadence_of,cadence_share,commander_in_target,commander_of,commander_share,resolves_verified,resolves_of,verified_share,resolves_overridden," +
        "postmortems_on_time,postmortems_of,postmortems_share";

    public static string Write(LearningReport report)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var g in report.AllGroups())
        {
            var fields = new List<string> { CsvText.Field(g.Dimension), CsvText.Field(g.Group), N(g.Incidents), N(g.Declined), N(g.Resolved), N(g.Repeats) };
            foreach (var t in new[] { g.Detect, g.Acknowledge, g.Mitigate, g.Resolve })
            {
                fields.AddRange([N(t.Count), D(t.MeanSeconds), D(t.MedianSeconds)]);
            }

            var a = g.Actions;
            fields.AddRange([N(a.Total), N(a.Done), N(a.WontDo), N(a.Open), N(a.Overdue), D(a.Completion.Value)]);
            var c = g.Compliance;
            foreach (var s in new[] { c.Cadence, c.CommanderInTarget, c.VerifiedResolves })
            {
                fields.AddRange([N(s.Met), N(s.Of), D(s.Value)]);
            }

            fields.Add(N(c.OverriddenResolves));
            fields.AddRange([N(c.PostmortemsOnTime.Met), N(c.PostmortemsOnTime.Of), D(c.PostmortemsOnTime.Value)]);
            csv.AppendJoin(',', fields).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty;
}
