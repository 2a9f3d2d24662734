using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Postmortems;

/// <summary>
/// postmortem edit: the sections as one Markdown document in the user's editor (or from --file), each
/// changed section written with the version read, so someone else's edit in between is a refusal
/// that keeps the user's text, never an overwrite.
/// </summary>
internal static class PostmortemEditCommand
{
    internal static Command Create()
    {
        var incident = IncidentArguments.Incident();
        var section = new Option<string?>("--section") { Description = "Edit this section only (its id, e.g. root-cause)" };
        var file = new Option<FileInfo?>("--file") { Description = "Send this file (the same Markdown, one \"## Title\" heading per section) instead of opening an editor" };
        var command = new Command("edit", "Edit the sections in $VISUAL or $EDITOR (or send --file); every changed section is saved with the version read") { incident, section, file };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var key = parse.GetValue(incident)!;
            var (pm, _) = await client.GetPostmortemAsync(key, ct);
            var sections = Sections(pm, parse.GetValue(section));
            var given = parse.GetValue(file);
            string path;
            if (given is not null)
            {
                if (!given.Exists)
                {
                    throw new CliException($"There is no file {given.FullName}.");
                }

                path = given.FullName;
            }
            else
            {
                path = Path.Combine(Path.GetTempPath(), $"firebreak-{pm.Incident}-postmortem-{Guid.NewGuid().ToString("N")[..8]}.md");
                await File.WriteAllTextAsync(path, PostmortemDocument.Write(pm, sections), ct);
                await EditorCommand.EditAsync(path, ct);
            }

            var kept = given is null ? $" Your text is kept in {path}" : string.Empty;
            IReadOnlyList<(SectionDto Section, string Text)> edited;
            try
            {
                edited = PostmortemDocument.Read(await File.ReadAllTextAsync(path, ct), sections);
            }
            catch (CliException e)
            {
                throw new CliException($"{e.Message} Nothing was sent.{kept}");
            }

            var changed = edited.Where(e => e.Text != PostmortemDocument.Normalise(e.Section.Text)).ToList();
            if (changed.Count == 0)
            {
                Delete(given, path);
                Console.WriteLine($"Nothing changed in the postmortem of {pm.Incident}; nothing was sent.");
                return;
            }

            var version = pm.Version;
            var saved = new List<string>();
            ApiResponse<PostmortemDto>? last = null;
            foreach (var (target, text) in changed)
            {
                try
                {
                    last = await client.EditPostmortemSectionAsync(pm.Incident, target.Id, text, version, ct);
                }
                catch (CliException e)
                {
                    var done = saved.Count == 0 ? "Nothing of yours was saved." : $"Saved before that: {string.Join(", ", saved)}.";
                    var where = given is null ? $"Your text is kept in {path}" : $"Your text is still in {path}";
                    throw e.Status == 412
                        ? new CliException($"{e.Message}\nSomeone else changed the postmortem of {pm.Incident} since you read it (version {version}). {done}\n{where}\nRun 'firebreak postmortem edit {pm.Incident}' again and bring your changes over.") { Status = 412 }
                        : new CliException($"{e.Message}\n{done}\n{where}") { Status = e.Status };
                }

                version = last.Body.Version;
                saved.Add(target.Title);
            }

            Delete(given, path);
            var result = last!;
            Output.Write(parse, result.Json, () =>
            {
                var ids = changed.Select(c => c.Section.Id).ToHashSet();
                var findings = result.Body.Findings.Where(f => ids.Contains(f.Where) && !f.Dismissed).ToList();
                return $"Saved {string.Join(", ", saved)} in the postmortem of {pm.Incident} (version {result.Body.Version})."
                    + (findings.Count == 0 ? string.Empty : "\nLanguage findings:\n" + string.Join('\n', findings.Select(f => $"  {f.Where}: \"{f.Excerpt}\" — {f.Message} Suggestion: {f.Suggestion} (key {f.Key})")));
            });
        });
        return command;
    }

    private static List<SectionDto> Sections(PostmortemDto pm, string? only)
    {
        if (only is null)
        {
            return [.. pm.Sections];
        }

        var section = pm.Sections.FirstOrDefault(s => string.Equals(s.Id, only.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException($"'{only}' is not a section: the sections are {string.Join(", ", pm.Sections.Select(s => s.Id))}.", 2);
        return [section];
    }

    private static void Delete(FileInfo? given, string path)
    {
        if (given is null)
        {
            File.Delete(path);
        }
    }
}
