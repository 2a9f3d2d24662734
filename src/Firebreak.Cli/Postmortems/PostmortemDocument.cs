using System.Globalization;
using System.Text;
using Firebreak.Cli.Client;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Postmortems;

/// <summary>
/// The postmortem's sections as one Markdown document to edit: each under its "## Title" heading,
/// the section's prompt as a comment under it, and read back by those headings. A "## " heading that
/// is not a section is refused rather than guessed at, so text never lands in the wrong section.
/// </summary>
internal static class PostmortemDocument
{
    internal static string Write(PostmortemDto pm, IReadOnlyList<SectionDto> sections)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<!-- The postmortem of {pm.Incident} at version {pm.Version}. Do not rename, add or remove the \"## \" headings: each is a section (use \"###\" inside one). -->\n");
        foreach (var section in sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {section.Title}\n\n{Prompt(section)}\n");
            var written = Normalise(section.Text);
            if (written.Length > 0)
            {
                text.Append('\n').Append(written).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The sections the document holds, by id, with their text; a heading that is not one of <paramref name="sections"/> is a <see cref="CliException"/>.</summary>
    internal static IReadOnlyList<(SectionDto Section, string Text)> Read(string document, IReadOnlyList<SectionDto> sections)
    {
        var found = new List<(SectionDto Section, List<string> Lines)>();
        var fenced = false;
        var number = 0;
        foreach (var line in Normalise(document).Split('\n'))
        {
            number++;
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }

            if (!fenced && Heading(line) is { } title)
            {
                var section = sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Id, title, StringComparison.OrdinalIgnoreCase))
                    ?? throw new CliException($"Line {number}: \"## {title}\" is not a section heading{(sections.Count == 1 ? " of this edit" : string.Empty)}; the headings are {string.Join(", ", sections.Select(s => $"\"## {s.Title}\""))}. Keep them as they are.");
                if (found.Any(f => f.Section.Id == section.Id))
                {
                    throw new CliException($"Line {number}: \"## {section.Title}\" appears twice; each section has one heading.");
                }

                found.Add((section, []));
                continue;
            }

            if (found.Count == 0)
            {
                if (trimmed.Length > 0 && !(trimmed.StartsWith("<!--", StringComparison.Ordinal) && trimmed.EndsWith("-->", StringComparison.Ordinal)))
                {
                    throw new CliException($"Line {number} is text before the first section heading; write it under one of {string.Join(", ", sections.Select(s => $"\"## {s.Title}\""))}.");
                }

                continue;
            }

            found[^1].Lines.Add(line);
        }

        return [.. found.Select(f => (f.Section, string.Join('\n', f.Lines.Where(l => l.Trim() != Prompt(f.Section))).Trim()))];
    }

    /// <summary>Line endings as \n and the text trimmed, as the server keeps it.</summary>
    internal static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Prompt(SectionDto section) => $"<!-- {section.Prompt} -->";

    private static string? Heading(string line)
    {
        if (!line.StartsWith("## ", StringComparison.Ordinal) && line.TrimEnd() != "##")
        {
            return null;
        }

        // A closing run of #s is part of the heading's syntax, not its text.
        return line[2..].Trim().TrimEnd('#').Trim();
    }
}
