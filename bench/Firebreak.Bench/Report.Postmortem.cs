using System.Globalization;
using System.Text;

namespace Firebreak.Bench;

/// <summary>Section 10, the postmortem of a long incident.</summary>
internal static partial class Report
{
    private static void AppendPostmortem(StringBuilder md, RunResults run)
    {
        if (run.Postmortem is not { } p)
        {
            return;
        }

        string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        md.AppendLine(I($"## 10. The postmortem of an incident with {p.Entries:N0} timeline entries"));
        md.AppendLine();
        md.AppendLine(I($"A SEV-2 on SQLite whose timeline holds {p.Entries:N0} entries: notes through the API and a public update every {PostmortemRun.UpdateEvery} entries, then the resolve. ") +
                      "Opening the postmortem writes its first draft from every event; a read computes the figures, the curated timeline (every update is in it), the blameless-language check of what is in and what holds publishing back, each time; " +
                      I($"the export is the whole Markdown document. At least {run.Settings.ReadWarmups} requests of warm-up, then {run.Settings.Reads} timed one after another."));
        md.AppendLine();
        md.AppendLine("| request | p50 | p99 | body |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine(I($"| POST …/postmortem (the draft, once) | {p.CreateMs:0} ms | — | — |"));
        md.AppendLine(I($"| GET …/postmortem | {p.Read.MedianMs:0.0} ms | {p.Read.P99Ms:0.0} ms | {p.ReadBytes / 1024.0:0} KB |"));
        md.AppendLine(I($"| GET …/postmortem/export | {p.Export.MedianMs:0.0} ms | {p.Export.P99Ms:0.0} ms | Markdown |"));
        md.AppendLine();
        md.AppendLine("Reproduce: `bash bench/run.sh --only postmortem`.");
        md.AppendLine();
    }
}
