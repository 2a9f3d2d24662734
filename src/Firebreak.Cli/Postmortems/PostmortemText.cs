using System.Globalization;
using System.Text;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Postmortems;

/// <summary>How postmortems and action items read in a terminal.</summary>
internal static class PostmortemText
{
    internal static string Describe(PostmortemDto pm)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{pm.Incident}  {pm.Severity}  {pm.Status.Replace('_', ' ')}  {pm.Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"  {Due(pm.Required, pm.DueAt, pm.Overdue)}; version {pm.Version}");
        if (pm.PublishedAt is { } published)
        {
            text.Append(CultureInfo.InvariantCulture, $"; published {Output.Time(published)} by {pm.PublishedBy}");
        }

        text.Append('\n');
        if (pm.Reviewers.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Reviewers: {string.Join(", ", pm.Reviewers)}\n");
        }

        Figures(text, pm.Facts);
        foreach (var section in pm.Sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {section.Title}{(section.Required ? string.Empty : " (optional)")}\n");
            text.Append(section.Text.Trim().Length == 0 ? "  not written yet\n" : Indent(section.Text.Trim()) + "\n");
        }

        text.Append("\nFive whys\n");
        text.Append(pm.Whys.Count == 0
            ? "  none yet (firebreak postmortem whys " + pm.Incident + " \"Why …?=Because …\" …)\n"
            : string.Concat(pm.Whys.Select((w, i) => $"  {i + 1}. {w.Question} {w.Answer}\n")));

        text.Append("\nRoot-cause tags: ").Append(pm.CauseTags.Count == 0 ? "none yet (firebreak postmortem tag " + pm.Incident + " TAG …)" : string.Join(", ", pm.CauseTags)).Append('\n');

        text.Append("\nTimeline (included)\n");
        var included = pm.Timeline.Where(t => t.Included).ToList();
        text.Append(included.Count == 0 ? "  nothing included\n" : string.Concat(included.Select(t => $"  #{t.Entry,-4} {Output.Time(t.At)}  {t.Actor}: {t.Text}\n")));
        var left = pm.Timeline.Count - included.Count;
        if (left > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ({left} more on the incident's timeline; firebreak postmortem include {pm.Incident} ENTRY)\n");
        }

        text.Append("\nLanguage findings\n");
        text.Append(pm.Findings.Count == 0 ? "  none\n" : string.Concat(pm.Findings.Select(Finding)));

        text.Append(pm.CanPublish ? "\nReady to publish.\n" : "\nHolding publishing back\n");
        text.Append(string.Concat(pm.Problems.Select(p => $"  - {p.Message}\n")));

        text.Append("\nAction items\n");
        text.Append(pm.Actions.Count == 0 ? "  none yet (firebreak action add " + pm.Incident + " \"TITLE\" --owner U --due YYYY-MM-DD --type prevent)\n" : string.Concat(pm.Actions.Select(a => ActionLine(a) + "\n" + ActionFindings(a))));
        return text.ToString().TrimEnd();
    }

    internal static string Summary(PostmortemSummaryDto p) =>
        $"{p.Incident,-8} {p.Severity,-6} {p.Status.Replace('_', ' '),-10} {Due(p.Required, p.DueAt, p.Overdue),-36} {p.Title}";

    internal static string ActionLine(ActionItemDto a) =>
        $"  {a.Key,-7} {a.Status.Replace('_', ' '),-11} {a.Owner ?? "no owner",-14} {(a.Due is { } d ? "due " + d : "no due date"),-15} {(a.Overdue ? "OVERDUE " : string.Empty)}{a.Type ?? "no type",-9} {a.Title}";

    internal static string ActionFindings(ActionItemDto a) =>
        string.Concat(a.Findings.Select(f => $"      {f.Rule}: {f.Message}\n        {f.Fix}\n"));

    internal static string DescribeAction(ActionItemDto a)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{a.Key}  {a.Status.Replace('_', ' ')}  {a.Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Incident {a.Incident}; owner {a.Owner ?? "none"}; due {a.Due ?? "none"}{(a.Overdue ? " (OVERDUE)" : string.Empty)}; type {a.Type ?? "none"}; priority {a.Priority}\n");
        if (a.Reason is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Reason: {reason}\n");
        }

        if (a.Description is { } description)
        {
            text.Append(Indent(description)).Append('\n');
        }

        if (a.ExternalKey is { } external)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Tracked in {a.Tracker} as {external}{(a.ExternalUrl is { } url ? " " + url : string.Empty)}\n");
        }

        text.Append(string.Concat(a.Findings.Select(f => $"  {f.Rule}: {f.Message}\n    {f.Fix}\n")));
        return text.ToString().TrimEnd();
    }

    /// <summary>A span of seconds the way people say it: 45 s, 12 min, 1 h 42 min, 2 d 3 h.</summary>
    internal static string Span(long? seconds)
    {
        if (seconds is not { } s)
        {
            return "none";
        }

        var span = TimeSpan.FromSeconds(s);
        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? (span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min")
            : (span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h");
    }

    private static string Due(bool required, DateTimeOffset? due, bool overdue) =>
        !required ? "not required"
        : due is { } at ? $"due {Output.Time(at)}{(overdue ? " (OVERDUE)" : string.Empty)}"
        : "required";

    private static void Figures(StringBuilder text, FactsDto f)
    {
        text.Append("\nFigures\n");
        text.Append(CultureInfo.InvariantCulture, $"  Started            {Output.Time(f.StartedAt)}; declared {Output.Time(f.DeclaredAt)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Time to detect     {Span(f.TimeToDetectSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Time to mitigate   {Span(f.TimeToMitigateSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Time to resolve    {Span(f.TimeToResolveSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Duration           {Span(f.DurationSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Services           {(f.Services.Count == 0 ? "none named" : string.Join(", ", f.Services))}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Commander          {(f.Commanders.Count == 0 ? "none" : string.Join(" → ", f.Commanders))}; {f.Responders} responder{(f.Responders == 1 ? string.Empty : "s")}\n");
        var cadence = f.CadenceSeconds is { } c ? $"; cadence {Span(c)} {(f.CadenceKept == true ? "kept" : "not kept")}" : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"  Updates            {f.Updates} ({f.PublicUpdates} public); longest silence {Span(f.LongestSilenceSeconds ?? 0)}{cadence}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Verified           {(f.Verified ? "yes" : "no")}\n");
        var guardrails = f.Guardrails.Count == 0 ? "none fired" : string.Join(", ", f.Guardrails.Select(g => $"{g.Key} ×{g.Value}"));
        text.Append(CultureInfo.InvariantCulture, $"  Guardrails         {guardrails}{(f.Overrides > 0 ? $"; {f.Overrides} overridden" : string.Empty)}\n");
    }

    private static string Finding(FindingDto f) =>
        $"  {f.Where}: \"{f.Excerpt}\"{(f.Dismissed ? " (dismissed)" : string.Empty)}\n    {f.Message}\n    Suggestion: {f.Suggestion}\n    Key: {f.Key}\n";

    private static string Indent(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? string.Empty : "  " + l));
}
