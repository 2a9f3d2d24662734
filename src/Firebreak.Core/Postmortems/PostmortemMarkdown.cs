using System.Globalization;
using System.Text;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Postmortems;

/// <summary>The postmortem as one Markdown document: the figures, every section, the five whys, the curated timeline and the action items.</summary>
public static class PostmortemMarkdown
{
    public static string Render(PostmortemState state, PostmortemFacts facts, IReadOnlyList<PostmortemTimelineEntry> timeline, IReadOnlyList<ActionItemState> actions)
    {
        var md = new StringBuilder();
        md.Append("# Postmortem: ").Append(Line(state.Title)).Append(" (").Append(state.Key).Append(")\n\n");
        md.Append("Status: ").Append(WireNames.Of(state.Status).Replace('_', ' '));
        if (state.PublishedAt is { } published)
        {
            md.Append(", published ").Append(PostmortemDraft.Time(published)).Append(" by ").Append(state.PublishedBy);
        }
        else if (state.Required && state.DueAt is { } due)
        {
            md.Append(", due ").Append(PostmortemDraft.Time(due));
        }

        md.Append("\n\n| | |\n|---|---|\n");
        Row("Severity", facts.Severity);
        Row("Services", facts.Services.Count == 0 ? "none named" : string.Join(", ", facts.Services));
        Row("Root-cause tags", state.CauseTags.Count == 0 ? "none yet" : string.Join(", ", state.CauseTags));
        Row("Started", PostmortemDraft.Time(facts.StartedAt));
        Row("Declared", $"{PostmortemDraft.Time(facts.DeclaredAt)} (time to detect {PostmortemDraft.Span(facts.TimeToDetect)})");
        Row("First mitigation applied", facts.FirstMitigationAt is { } m ? $"{PostmortemDraft.Time(m)} (time to mitigate {PostmortemDraft.Span(facts.TimeToMitigate!.Value)})" : "none");
        Row("Resolved", facts.ResolvedAt is { } r ? $"{PostmortemDraft.Time(r)} (duration {PostmortemDraft.Span(facts.Duration!.Value)})" : "not yet");
        Row("Commander", facts.Commanders.Count == 0 ? "none" : string.Join(" → ", facts.Commanders));
        Row("Responders", facts.Responders.ToString(CultureInfo.InvariantCulture));
        Row("Updates", $"{facts.Updates.ToString(CultureInfo.InvariantCulture)} ({facts.PublicUpdates.ToString(CultureInfo.InvariantCulture)} public); longest silence {PostmortemDraft.Span(facts.LongestSilence ?? TimeSpan.Zero)}" +
            (facts.Cadence is { } c ? $" against a cadence of {PostmortemDraft.Span(c)}: {(facts.CadenceKept == true ? "kept" : "not kept")}" : string.Empty));
        Row("Verified before resolve", facts.Verified ? "yes" : "no");
        Row("Guardrails", facts.Guardrails.Count == 0 ? "none fired" : string.Join(", ", facts.Guardrails.Select(g => $"{g.Key} ×{g.Value.ToString(CultureInfo.InvariantCulture)}")) +
            (facts.Overrides > 0 ? $"; {facts.Overrides.ToString(CultureInfo.InvariantCulture)} overridden" : string.Empty));
        md.Append('\n');

        foreach (var section in PostmortemSections.All)
        {
            md.Append("## ").Append(section.Title).Append("\n\n");
            var text = state.Section(section.Id).Trim();
            md.Append(text.Length == 0 ? "_Not written yet._" : text).Append("\n\n");
            if (section.Id == "root-cause" && state.Whys.Count > 0)
            {
                md.Append("### Five whys\n\n");
                for (var i = 0; i < state.Whys.Count; i++)
                {
                    md.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(". **").Append(Line(state.Whys[i].Question)).Append("** ").Append(Line(state.Whys[i].Answer)).Append('\n');
                }

                md.Append('\n');
            }
        }

        md.Append("## Timeline\n\n");
        foreach (var entry in timeline.Where(t => t.Included))
        {
            md.Append("- ").Append(entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" — ").Append(Line(entry.Text)).Append(" (").Append(Line(entry.Actor)).Append(")\n");
        }

        md.Append("\n## Action items\n\n");
        if (actions.Count == 0)
        {
            md.Append("_None yet._\n");
        }

        foreach (var a in actions)
        {
            md.Append("- [").Append(a.Status == ActionStatus.Done ? 'x' : ' ').Append("] ").Append(a.Key).Append(' ').Append(Line(a.Fields.Title))
                .Append(" — ").Append(a.Fields.Type is { } type ? WireNames.Of(type) : "no type")
                .Append(", ").Append(WireNames.Of(a.Fields.Priority))
                .Append(", owner ").Append(a.Fields.Owner ?? "nobody")
                .Append(", due ").Append(a.Fields.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never")
                .Append(", ").Append(WireNames.Of(a.Status).Replace('_', ' '));
            if (a.ExternalKey is { } key)
            {
                md.Append(", tracked as ").Append(Line(key));
            }

            md.Append('\n');
        }

        return md.ToString();

        void Row(string name, string value) => md.Append("| ").Append(name).Append(" | ").Append(Line(value).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
    }

    // A value on one line of a list or a table.
    private static string Line(string text) => text.ReplaceLineEndings(" ").Trim();
}
