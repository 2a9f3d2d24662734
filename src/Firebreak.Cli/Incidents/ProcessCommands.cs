using System.CommandLine;
using System.Globalization;
using System.Text;
using Firebreak.Cli.Client;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Server.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Server.Mitigations;
using Firebreak.Server.Updates;
using Firebreak.Server.Investigation;
using Firebreak.Server.Evidence;
using Firebreak.Server.Triage;

namespace Firebreak.Cli.Incidents;

/// <summary>severities, triage, update, mitigate, hypothesis, evidence, checklist.</summary>
public static class ProcessCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Severities();
        yield return Triage();
        yield return Update();
        yield return Mitigate();
        yield return Hypothesis();
        yield return Evidence();
        yield return Checklist();
    }

    private static Command Severities()
    {
        var command = new Command("severities", "Show the severity levels and their policies");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (levels, raw) = await client.GetSeveritiesAsync(ct);
            Output.Write(parse, raw, () => string.Join('\n', levels.Select(l =>
                $"{l.Name}{(l.Aliases.Count > 0 ? $" ({l.Aliases[0]})" : string.Empty)}  {l.Meaning}\n" +
                $"    respond within {Minutes(l.ResponseTargetMinutes)}, updates {(l.UpdateCadenceMinutes is { } c ? "every " + Minutes(c) : "not required")}, " +
                $"roles: {(l.RolesRequired.Count == 0 ? "none required" : string.Join(", ", l.RolesRequired))}, " +
                $"public: {(l.PublicCommunication ? "yes" : "no")}, postmortem: {(l.PostmortemRequired ? $"due {l.PostmortemDueHours:0} h after" : "optional")}, " +
                $"monitoring window {Minutes(l.MonitoringWindowMinutes)}; pages {l.Paged}")));
        });
        return command;
    }

    private static Command Triage()
    {
        var users = new Option<string?>("--users") { Description = "Users affected right now: none, some, most, all, unknown" };
        var core = new Option<string?>("--core-broken") { Description = "Is a core feature broken? yes, no, unknown" };
        var dataLoss = new Option<string?>("--data-loss") { Description = "Is data being lost or corrupted? yes, no, unknown" };
        var workaround = new Option<string?>("--workaround") { Description = "Does a workaround exist? yes, no, unknown" };
        var breach = new Option<string?>("--breach") { Description = "Is a security breach suspected? yes, no, unknown" };
        var change = new Option<string?>("--recent-change") { Description = "Is a recent change suspected? yes, no, unknown" };
        var rollback = new Option<string?>("--rollback-possible") { Description = "Can it be rolled back? yes, no, unknown" };
        var startedAt = new Option<DateTimeOffset?>("--started-at") { Description = "When it started (ISO-8601)" };
        var declare = new Option<string?>("--declare") { Description = "Declare an incident with this title at the suggested level, recording the answers" };
        var service = new Option<string[]>("--service") { Description = "Affected service, with --declare (repeat for several)" };
        var impact = new Option<string?>("--impact") { Description = "Impact, with --declare" };
        var interactive = new Option<bool>("--ask") { Description = "Ask every unanswered question on the terminal" };
        var command = new Command("triage", "Answer the triage questions and get a suggested severity (asks on a terminal when no answers are given)")
        {
            users, core, dataLoss, workaround, breach, change, rollback, startedAt, declare, service, impact, interactive,
        };
        command.SetHandler(async (parse, ct) =>
        {
            var answers = new TriageRequest
            {
                UsersAffected = parse.GetValue(users),
                CoreFeatureBroken = parse.GetValue(core),
                DataLoss = parse.GetValue(dataLoss),
                Workaround = parse.GetValue(workaround),
                SecurityBreach = parse.GetValue(breach),
                RecentChange = parse.GetValue(change),
                RollbackPossible = parse.GetValue(rollback),
                StartedAt = parse.GetValue(startedAt),
            };
            var noneGiven = !answers.AnyAnswer();
            if (parse.GetValue(interactive) || (noneGiven && !Console.IsInputRedirected))
            {
                Ask(answers);
            }

            using var client = GlobalOptions.Client(parse);
            if (parse.GetValue(declare) is { } title)
            {
                var body = new DeclareIncidentRequest
                {
                    Title = title,
                    Services = parse.GetValue(service) is { Length: > 0 } s ? [.. s] : null,
                    Impact = parse.GetValue(impact),
                    StartedAt = answers.StartedAt,
                    Triage = answers,
                };
                var (incident, rawIncident) = await client.DeclareIncidentAsync(body, ct);
                Output.Write(parse, rawIncident, () => $"Declared {incident.Key} at {incident.Severity} as triage suggested.\n{IncidentCommands.Describe(incident)}");
                return;
            }

            var (suggestion, raw) = await client.TriageAsync(answers, ct);
            Output.Write(parse, raw, () => Describe(suggestion));
        });
        return command;
    }

    private static Command Update()
    {
        var incident = IncidentCommands.IncidentArgument();
        var text = new Argument<string?>("text") { Description = "The update; leave out with --draft", Arity = ArgumentArity.ZeroOrOne };
        var draft = new Option<bool>("--draft") { Description = "Print a draft from the template that fits (or --template), without posting" };
        var template = new Option<string?>("--template") { Description = "declared, investigating, identified, monitoring or resolved" };
        var isPublic = new Option<bool>("--public") { Description = "A public update (status page); default internal" };
        var status = new Option<string?>("--status") { Description = "Public status: investigating, identified, monitoring, resolved (default from the incident)" };
        var command = new Command("update", "Post a stakeholder update, or draft one with --draft") { incident, text, draft, template, isPublic, status, IncidentCommands.Override };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var id = parse.GetValue(incident)!;
            var given = parse.GetValue(text);
            if (parse.GetValue(draft) || given is null)
            {
                var (drafted, rawDraft) = await client.DraftUpdateAsync(id, parse.GetValue(template), ct);
                Output.Write(parse, rawDraft, () => $"Draft ({drafted.Template}, public status {WireNames.Of(drafted.PublicStatus)}):\n{drafted.Text}\n\nPost it with: firebreak update {drafted.Incident} \"…\"{(drafted.Template == "resolved" ? " --public --status resolved" : string.Empty)}");
                return;
            }

            var body = new PostUpdateRequest { Audience = parse.GetValue(isPublic) ? "public" : "internal", Status = parse.GetValue(status), Text = given };
            var (dto, raw) = await client.PostUpdateAsync(id, body, new CommandOptions(Override: parse.GetValue(IncidentCommands.Override)), ct);
            Output.Write(parse, raw, () => $"Update posted.\n{IncidentCommands.Describe(dto)}");
        });
        return command;
    }

    private static Command Mitigate()
    {
        var kind = new Argument<string>("kind") { Description = "rollback, feature-flag, failover, scale, redirect, rate-limit, hotfix or other" };
        var title = new Argument<string>("title") { Description = "What will be done" };
        var owner = new Option<string?>("--owner") { Description = "Username of who carries it out" };
        var effect = new Option<string?>("--effect") { Description = "What it should change (the expected effect)" };
        var risky = new Option<bool>("--risky") { Description = "It could make things worse: the commander must approve it before it starts" };
        var plan = new Option<string?>("--plan") { Description = "Rollback plan (a hotfix needs one)" };
        var noMigration = new Option<bool>("--no-irreversible-migration") { Description = "Rollback checklist: no irreversible migration ran" };
        var noSideEffects = new Option<bool>("--no-irreversible-side-effects") { Description = "Rollback checklist: no irreversible side effects" };
        var target = new Option<string?>("--target") { Description = "Rollback checklist: the known-good version to return to" };
        var propose = IncidentCommands.Simple("propose", "Propose a mitigation", (client, incident, p, options, ct) => client.ProposeMitigationAsync(incident, new ProposeMitigationRequest
        {
            Kind = p.GetValue(kind),
            Title = p.GetValue(title),
            Owner = p.GetValue(owner),
            ExpectedEffect = p.GetValue(effect),
            Risky = p.GetValue(risky),
            RollbackPlan = p.GetValue(plan),
            Checklist = p.GetValue(noMigration) || p.GetValue(noSideEffects) || p.GetValue(target) is not null || string.Equals(p.GetValue(kind), "rollback", StringComparison.OrdinalIgnoreCase)
                ? new RollbackChecklistRequest { NoIrreversibleMigration = p.GetValue(noMigration), NoIrreversibleSideEffects = p.GetValue(noSideEffects), KnownGoodTarget = p.GetValue(target) }
                : null,
        }, options, ct), kind, title, owner, effect, risky, plan, noMigration, noSideEffects, target);

        var command = new Command("mitigate", "Track mitigations: propose, approve (commander), start, apply, verify, abandon") { propose };
        foreach (var (action, description) in new[]
                 {
                     ("approve", "The commander approves a risky mitigation"),
                     ("start", "Start a mitigation"),
                     ("apply", "Mark a mitigation applied"),
                     ("verify", "Mark a mitigation verified (--note: how you know)"),
                     ("abandon", "Abandon a mitigation (--note: why, required)"),
                 })
        {
            var id = new Argument<int>("mitigation") { Description = "The mitigation's number" };
            var note = new Option<string?>("--note", "--reason") { Description = "A note (verify) or the reason (abandon)" };
            command.Subcommands.Add(IncidentCommands.Simple(action, description, (client, incident, p, options, ct) => action switch
            {
                "approve" => client.ApproveMitigationAsync(incident, p.GetValue(id), options, ct),
                "start" => client.StartMitigationAsync(incident, p.GetValue(id), options, ct),
                "apply" => client.ApplyMitigationAsync(incident, p.GetValue(id), options, ct),
                "verify" => client.VerifyMitigationAsync(incident, p.GetValue(id), new MitigationStepRequest { Note = p.GetValue(note) }, options, ct),
                _ => client.AbandonMitigationAsync(incident, p.GetValue(id), new MitigationStepRequest { Note = p.GetValue(note) }, options, ct),
            }, id, note));
        }

        return command;
    }

    private static Command Hypothesis()
    {
        var entry = new Argument<long>("entry") { Description = "The hypothesis entry's number (#N in 'show')" };
        var status = new Argument<string>("status") { Description = "open, confirmed or rejected" };
        return IncidentCommands.Simple("hypothesis", "Confirm, reject or reopen a hypothesis",
            (client, incident, p, options, ct) => client.SetHypothesisAsync(incident, p.GetValue(entry), new HypothesisRequest { Status = p.GetValue(status) }, options, ct), entry, status);
    }

    private static Command Checklist()
    {
        var name = new Argument<string>("checklist") { Description = "The checklist's name, e.g. security" };
        var item = new Argument<int>("item") { Description = "The item's number" };
        return IncidentCommands.Simple("checklist", "Tick an item of an incident checklist",
            (client, incident, p, options, ct) => client.TickChecklistItemAsync(incident, p.GetValue(name)!, p.GetValue(item), options, ct), name, item);
    }

    private static Command Evidence()
    {
        var incident = IncidentCommands.IncidentArgument();
        var text = new Option<string?>("--text") { Description = "Keep this text" };
        var file = new Option<FileInfo?>("--file") { Description = "Keep this file, unchanged" };
        var link = new Option<string?>("--link") { Description = "Keep this link" };
        var name = new Option<string?>("--name") { Description = "What it is (default: the file name)" };
        var verification = new Option<bool>("--verification") { Description = "It shows the fix works (counts as verification when resolving)" };
        var list = new Option<bool>("--list") { Description = "List the incident's evidence" };
        var get = new Option<long?>("--get") { Description = "Download this evidence item" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where --get writes (default: standard output)" };
        var command = new Command("evidence", "Attach, list or download evidence (kept immutably with its SHA-256)") { incident, text, file, link, name, verification, list, get, output };
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
                    $"{e.Id,4}  {WireNames.Of(e.Kind),-5} {e.Name}{(e.Url is null ? string.Empty : $" {e.Url}")}  {e.Size} bytes  sha256:{e.Sha256[..12]}  {e.CreatedBy} {Output.Time(e.CreatedAt)}{(e.Verification ? "  [verification]" : string.Empty)}")));
                return;
            }

            EvidenceDto created;
            string createdRaw;
            if (parse.GetValue(file) is { } path)
            {
                (created, createdRaw) = await client.AttachEvidenceFileAsync(id, path, parse.GetValue(name), parse.GetValue(verification), cancellationToken: ct);
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

    private static void Ask(TriageRequest answers)
    {
        answers.UsersAffected ??= Question("How many users are affected right now? (none/some/most/all/unknown)");
        answers.CoreFeatureBroken ??= Question("Is a core feature broken? (yes/no/unknown)");
        answers.DataLoss ??= Question("Is data being lost or corrupted? (yes/no/unknown)");
        answers.Workaround ??= Question("Is there a workaround? (yes/no/unknown)");
        answers.SecurityBreach ??= Question("Could this be a security breach? (yes/no/unknown)");
        answers.RecentChange ??= Question("Was there a recent change (deploy, config, flag)? (yes/no/unknown)");
        answers.RollbackPossible ??= Question("Can that change be rolled back? (yes/no/unknown)");
    }

    private static string Question(string text)
    {
        Console.Write($"{text} ");
        var answer = Console.ReadLine()?.Trim();
        return string.IsNullOrEmpty(answer) ? "unknown" : answer;
    }

    private static string Describe(TriageSuggestion s)
    {
        var text = new StringBuilder($"Suggested severity: {s.Severity}");
        foreach (var reason in s.Reasons)
        {
            text.AppendLine().Append($"  - {reason}");
        }

        foreach (var advice in s.Advice)
        {
            text.AppendLine().Append($"  > {advice}");
        }

        if (s.Private)
        {
            text.AppendLine().Append("  The incident will be private, with a security checklist:");
            foreach (var item in s.Checklist)
            {
                text.AppendLine().Append($"    [ ] {item}");
            }
        }

        return text.ToString();
    }

    private static string Minutes(double minutes) =>
        minutes >= 60 * 24 ? $"{minutes / 60 / 24:0.#} d" : minutes >= 60 ? $"{minutes / 60:0.#} h" : $"{minutes.ToString("0", CultureInfo.InvariantCulture)} min";
}
