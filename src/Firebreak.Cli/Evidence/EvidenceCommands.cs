using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Core.Incidents;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Evidence;

namespace Firebreak.Cli.Evidence;

/// <summary>
/// evidence: texts, links and files kept unchanged with their SHA-256, so what was seen can be shown
/// later; evidence marked --verification (with --check-kind for what it checked) lets resolving start the
/// monitoring window even where no health check covers the incident.
/// </summary>
public static class EvidenceCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Evidence();
    }

    private static Command Evidence()
    {
        var incident = IncidentArguments.Incident();
        var text = new Option<string?>("--text") { Description = "Keep this text" };
        var file = new Option<FileInfo?>("--file") { Description = "Keep this file, unchanged" };
        var link = new Option<string?>("--link") { Description = "Keep this link" };
        var name = new Option<string?>("--name") { Description = "What it is (default: the file name)" };
        var verification = new Option<bool>("--verification") { Description = "It shows the fix works (counts as verification when resolving)" };
        var checkKind = new Option<string?>("--check-kind") { Description = "What the verification checked: health-check, metric, client-side, alerts-quiet or other" };
        var list = new Option<bool>("--list") { Description = "List the incident's evidence" };
        var get = new Option<long?>("--get") { Description = "Download the incident's evidence with this number (1, 2, 3 … as --list shows)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where --get writes (default: standard output)" };
        var command = new Command("evidence", "Attach, list or download evidence (kept immutably with its SHA-256)") { incident, text, file, link, name, verification, checkKind, list, get, output };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var id = parse.GetValue(incident)!;
            if (parse.GetValue(get) is { } evidenceId)
            {
                if (parse.GetValue(output) is { } target)
                {
                    var written = await client.DownloadEvidenceToFileAsync(id, evidenceId, target.FullName, ct);
                    Console.WriteLine($"Wrote {written} bytes to {target.FullName}.");
                }
                else
                {
                    var bytes = await client.DownloadEvidenceAsync(id, evidenceId, ct);
                    await using var stdout = Console.OpenStandardOutput();
                    await stdout.WriteAsync(bytes, ct);
                }

                return;
            }

            if (parse.GetValue(list))
            {
                var (items, raw) = await client.ListEvidenceAsync(id, ct);
                Output.Write(parse, raw, () => items.Count == 0 ? "No evidence yet." : string.Join('\n', items.Select(e =>
                    $"{e.Id,4}  {WireNames.Of(e.Kind),-5} {e.Name}{(e.Url is null ? string.Empty : $" {e.Url}")}  {e.Size} bytes  sha256:{e.Sha256[..12]}  {e.CreatedBy} {Output.Time(e.CreatedAt)}{(e.Verification ? $"  [verification{(e.CheckKind is { } kind ? ": " + kind : string.Empty)}]" : string.Empty)}")));
                return;
            }

            EvidenceDto created;
            string createdRaw;
            if (parse.GetValue(file) is { } path)
            {
                (created, createdRaw) = await client.AttachEvidenceFileAsync(id, path, parse.GetValue(name), parse.GetValue(verification), parse.GetValue(checkKind), cancellationToken: ct);
            }
            else if (parse.GetValue(text) is not null || parse.GetValue(link) is not null)
            {
                var body = new EvidenceRequest
                {
                    Kind = parse.GetValue(text) is not null ? "text" : "link",
                    Name = parse.GetValue(name),
                    Text = parse.GetValue(text),
                    Url = parse.GetValue(link),
                    Verification = parse.GetValue(verification),
                    CheckKind = parse.GetValue(checkKind),
                };
                (created, createdRaw) = await client.AttachEvidenceAsync(id, body, cancellationToken: ct);
            }
            else
            {
                throw new CliException("Say what to keep: --text, --file or --link (or --list, --get ID).");
            }

            Output.Write(parse, createdRaw, () => $"Evidence {created.Id} attached to {created.Incident}: {created.Name} ({created.Size} bytes, sha256 {created.Sha256}){(created.Verification ? ", counts as verification" : string.Empty)}.");
        });
        return command;
    }
}
