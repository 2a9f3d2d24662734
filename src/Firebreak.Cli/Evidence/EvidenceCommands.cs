using System.CommandLine;
using System.CommandLine.Parsing;
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
        var name = new Option<string?>("--name") { Description = "What it is (default: the file name, or the command line)" };
        var verification = new Option<bool>("--verification") { Description = "It shows the fix works (counts as verification when resolving)" };
        var checkKind = new Option<string?>("--check-kind") { Description = "What the verification checked: health-check, metric, client-side, alerts-quiet or other" };
        var list = new Option<bool>("--list") { Description = "List the incident's evidence" };
        var get = new Option<long?>("--get") { Description = "Download the incident's evidence with this number (1, 2, 3 … as --list shows)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where --get writes (default: standard output)" };
        var run = new Argument<string[]>("command")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "After --: a command to run (directly, no shell) and keep as evidence. Its output passes through to this terminal as it runs; "
                + "then one evidence item holds it (stdout and stderr lines in the order they arrived, marked out| and err|), the exit code, the command line, "
                + "the start time and the duration, cut (and said so) at the server's evidence size limit. A failing command is evidence too: it is attached, "
                + "and firebreak exits 0 once it is, saying the command's exit code; a command that cannot be started attaches nothing and exits 127. "
                + "Ctrl-C (or SIGTERM to firebreak) stops the command, and what it wrote is still attached. Firebreak's own lines go to stderr.",
        };
        var command = new Command("evidence", "Attach, list or download evidence (kept immutably with its SHA-256); 'evidence INC-7 -- CMD ARGS…' runs a command and keeps its output")
        {
            incident, run, text, file, link, name, verification, checkKind, list, get, output,
        };
        command.SetHandler(async (parse, ct) =>
        {
            var commandLine = parse.GetValue(run) ?? [];
            if (commandLine.Length > 0 || parse.Tokens.Any(t => t.Type == TokenType.DoubleDash))
            {
                if (!parse.Tokens.Any(t => t.Type == TokenType.DoubleDash))
                {
                    throw new CliException($"Put the command to run after --: firebreak evidence {parse.GetValue(incident)} -- {string.Join(' ', commandLine)}");
                }

                if (commandLine.Length == 0)
                {
                    throw new CliException("Give the command to run after --, e.g. firebreak evidence INC-7 -- kubectl logs deploy/api --since=15m");
                }

                if (parse.GetValue(text) is not null || parse.GetValue(file) is not null || parse.GetValue(link) is not null || parse.GetValue(list) || parse.GetValue(get) is not null)
                {
                    throw new CliException("A command after -- is the evidence: leave out --text, --file, --link, --list and --get.");
                }

                await AttachRunAsync(parse, parse.GetValue(incident)!, commandLine, parse.GetValue(name), parse.GetValue(verification), parse.GetValue(checkKind), ct);
                return;
            }

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

    /// <summary>
    /// Asks the server first (the incident is there, and how much evidence it keeps), so a wrong key runs
    /// nothing; then runs the command and attaches what it gave. Our own lines go to stderr: stdout carries
    /// the command's output alone, as it would without firebreak in front.
    /// </summary>
    private static async Task AttachRunAsync(ParseResult parse, string incident, string[] commandLine, string? name, bool verification, string? checkKind, CancellationToken ct)
    {
        using var client = GlobalOptions.Client(parse);
        var limit = await client.EvidenceLimitAsync(incident, ct);
        var ran = await CommandRun.RunAsync(commandLine, limit, TimeProvider.System);
        var (content, cut) = CommandEvidence.Document(ran, limit);
        if (cut is not null)
        {
            await Console.Error.WriteLineAsync($"firebreak: the evidence is {cut}.");
        }

        // However the command ended (Ctrl-C included), what it wrote is attached.
        var evidenceName = name ?? CommandEvidence.Name(commandLine);
        EvidenceDto created;
        string raw;
        try
        {
            (created, raw) = await client.AttachEvidenceContentAsync(
                incident, evidenceName, content, verification, checkKind, cancellationToken: CancellationToken.None, contentType: "text/plain; charset=utf-8");
        }
        catch (CliException e)
        {
            // The command cannot be run again as it was: keep what it wrote where it can be attached later.
            var kept = await CommandEvidence.SaveAsync(content, incident);
            throw new CliException($"{e.Message} The command's evidence is kept in {kept}; attach it with: firebreak evidence {incident} --file {kept} --name {CommandEvidence.Line([evidenceName])}", e.ExitCode)
            {
                Status = e.Status,
                Field = e.Field,
            };
        }

        await Console.Error.WriteLineAsync(parse.GetValue(GlobalOptions.Json)
            ? raw
            : $"Evidence {created.Id} attached to {created.Incident}: {created.Name} ({created.Size} bytes, sha256 {created.Sha256}){(created.Verification ? ", counts as verification" : string.Empty)}; the command exited with {ran.ExitCode}.");
    }
}
