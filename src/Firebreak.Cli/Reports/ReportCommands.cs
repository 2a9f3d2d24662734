using System.CommandLine;
using System.Text;
using Firebreak.Core.Postmortems;
using Firebreak.Core.Reports;

namespace Firebreak.Cli.Reports;

/// <summary>report: the learning report (time to detect, acknowledge, mitigate, resolve; repeats; action items; process compliance), as text, JSON or CSV.</summary>
public static class ReportCommands
{
    public static Command Create()
    {
        var since = new Option<string?>("--since") { Description = "Incidents that started since: a number of days (90d, the default) or a UTC day (2026-09-01)" };
        var severity = new Option<string?>("--severity") { Description = "Only this severity (SEV-1, or an alias)" };
        var service = new Option<string?>("--service") { Description = "Only incidents on this service" };
        var csv = new Option<bool>("--csv") { Description = "Print the report as CSV, one row per group" };
        var command = new Command("report", "The learning report over a window: how fast incidents were handled, where they repeat, action items and process compliance") { since, severity, service, csv };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            if (parse.GetValue(csv))
            {
                Console.Write(await client.GetLearningReportCsvAsync(parse.GetValue(since), parse.GetValue(severity), parse.GetValue(service), ct));
                return;
            }

            var (report, raw) = await client.GetLearningReportAsync(parse.GetValue(since), parse.GetValue(severity), parse.GetValue(service), ct);
            Output.Write(parse, raw, () => Readable(report));
        });
        return command;
    }

    private static string Readable(LearningReport r)
    {
        var o = r.Overall;
        var text = new StringBuilder();
        text.AppendLine($"Learning report: incidents that started {Output.Time(r.Since)} to {Output.Time(r.Until)}{(r.Severity is { } s ? $", {s}" : string.Empty)}{(r.Service is { } v ? $", on {v}" : string.Empty)}");
        text.AppendLine($"{o.Incidents} incidents ({o.Declined} declined, {o.Resolved} resolved), {o.Repeats} repeats (same service and root cause within 90 days)");
        if (r.Alerts is { } a)
        {
            text.AppendLine($"{a.Groups} alert groups, {a.LedToAction} led to an incident or a person acknowledging them; {a.NoisyRules} noisy alert rules, {a.NoisyReviewed} reviewed (firebreak alert review)");
        }
        text.AppendLine();
        text.AppendLine($"{"",-22} {"count",6} {"mean",12} {"median",12}");
        foreach (var (name, t) in new[] { ("time to detect", o.Detect), ("time to acknowledge", o.Acknowledge), ("time to mitigate", o.Mitigate), ("time to resolve", o.Resolve) })
        {
            text.AppendLine($"{name,-22} {t.Count,6} {Span(t.MeanSeconds),12} {Span(t.MedianSeconds),12}");
        }

        text.AppendLine();
        var c = o.Compliance;
        text.AppendLine($"updates kept the cadence       {Share(c.Cadence)}");
        text.AppendLine($"commander within the target    {Share(c.CommanderInTarget)}");
        text.AppendLine($"resolves verified              {Share(c.VerifiedResolves)} ({c.OverriddenResolves} overridden)");
        text.AppendLine($"postmortems published on time  {Share(c.PostmortemsOnTime)}");
        text.AppendLine($"action items done              {Share(o.Actions.Completion)} ({o.Actions.Total} in all, {o.Actions.Open} open, {o.Actions.Overdue} overdue, {o.Actions.WontDo} won't do)");
        foreach (var (title, groups) in new[] { ("By severity", r.BySeverity), ("By service", r.ByService), ("By month", r.ByMonth) })
        {
            text.AppendLine();
            text.AppendLine(title);
            if (groups.Count == 0)
            {
                text.AppendLine("  no incidents");
            }

            foreach (var g in groups)
            {
                text.AppendLine($"  {g.Group,-20} {g.Incidents,5} incidents   MTTR {Span(g.Resolve.MeanSeconds),-10} MTTD {Span(g.Detect.MeanSeconds),-10} repeats {g.Repeats}");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Span(double? seconds) => seconds is { } s ? PostmortemDraft.Span(TimeSpan.FromSeconds(s)) : "—";

    private static string Share(Share s) => s.Value is { } v ? $"{v * 100,5:0.#} %  ({s.Met} of {s.Of})" : $"    —    ({s.Met} of {s.Of})";
}
