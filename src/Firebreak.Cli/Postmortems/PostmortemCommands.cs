using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Postmortems;

/// <summary>
/// postmortem: show, open, edit the sections, the five whys, curate the timeline, review, publish,
/// reopen, dismiss a language finding, export; postmortems: the list.
/// </summary>
public static class PostmortemCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return PostmortemCommand();
        yield return ListCommand();
    }

    private static Command PostmortemCommand()
    {
        var command = new Command("postmortem", "An incident's postmortem: show, open, edit, whys, tag, include, exclude, review, publish, reopen, dismiss, export");
        command.Subcommands.Add(Verb("show", "The postmortem: figures, sections, five whys, timeline, language findings, what holds publishing back, action items",
            (client, key, _, ct) => client.GetPostmortemAsync(key, ct)));
        command.Subcommands.Add(Verb("open", "Open the postmortem of a resolved incident now (a severity that requires one opens it by itself)",
            (client, key, _, ct) => client.OpenPostmortemAsync(key, ct)));
        command.Subcommands.Add(PostmortemEditCommand.Create());

        var whys = new Argument<string[]>("whys") { Description = "\"QUESTION=ANSWER\" pairs, in order (the whole chain; it replaces the one before)", Arity = ArgumentArity.OneOrMore };
        command.Subcommands.Add(Verb("whys", "Set the five whys", (client, key, parse, ct) =>
            client.SetPostmortemWhysAsync(key, new SetWhysRequest { Whys = [.. (parse.GetValue(whys) ?? []).Select(Why)] }, ct), whys));

        var tags = new Argument<string[]>("tags") { Description = "Root-cause tags such as retry-storm or expired-cert (the whole set; none clears them)", Arity = ArgumentArity.ZeroOrMore };
        command.Subcommands.Add(Verb("tag", "Set the root-cause tags: the learning report counts a repeat when an earlier incident on the same service shares one", (client, key, parse, ct) =>
            client.SetPostmortemCauseTagsAsync(key, new SetCauseTagsRequest { Tags = [.. parse.GetValue(tags) ?? []] }, ct), tags));

        command.Subcommands.Add(Curate("include", "Take an entry of the incident's timeline into the postmortem's", true));
        command.Subcommands.Add(Curate("exclude", "Leave an entry of the incident's timeline out of the postmortem's", false));

        var reviewers = new Option<string[]>("--reviewer") { Description = "A reviewer's username (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
        command.Subcommands.Add(Verb("review", "Send it to review by the named reviewers", (client, key, parse, ct) =>
            client.RequestPostmortemReviewAsync(key, new RequestReviewRequest { Reviewers = [.. parse.GetValue(reviewers) ?? []] }, ct), reviewers));

        command.Subcommands.Add(Publish());

        var reopenReason = new Option<string?>("--reason", "-r") { Description = "Why it goes back to draft (required)" };
        command.Subcommands.Add(Verb("reopen", "Take a postmortem in review or published back to draft", (client, key, parse, ct) =>
            client.ReopenPostmortemAsync(key, new ReasonRequest { Reason = parse.GetValue(reopenReason) }, ct), reopenReason));

        var finding = new Argument<string>("finding") { Description = "The language finding's key, as 'postmortem show' lists it" };
        var dismissReason = new Option<string?>("--reason", "-r") { Description = "Why the wording is not blaming (required)" };
        command.Subcommands.Add(Verb("dismiss", "Judge a language finding not blaming, with a reason", (client, key, parse, ct) =>
            client.DismissPostmortemFindingAsync(key, new DismissFindingRequest { Finding = parse.GetValue(finding), Reason = parse.GetValue(dismissReason) }, ct), finding, dismissReason));

        command.Subcommands.Add(Export());
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("postmortems", "Every postmortem: incident, severity, status, due date, overdue");
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (list, raw) = await client.GetPostmortemsAsync(ct);
            Output.Write(parse, raw, () => list.Items.Count == 0
                ? "No postmortems yet; one opens by itself when an incident whose severity requires it resolves, or: firebreak postmortem open INC-7"
                : string.Join('\n', list.Items.Select(PostmortemText.Summary)));
        });
        return command;
    }

    private static Command Curate(string name, string description, bool included)
    {
        var entry = new Argument<long>("entry") { Description = "The entry's number on the incident's timeline (#7 in 'postmortem show')" };
        return Verb(name, description, (client, key, parse, ct) =>
            client.CuratePostmortemTimelineAsync(key, new CurateTimelineRequest { Entry = parse.GetValue(entry), Included = included }, ct), entry);
    }

    private static Command Publish()
    {
        var incident = IncidentArguments.Incident();
        var command = new Command("publish", "Publish it; refused, with every missing part listed, until it is reviewed, written, blameless and has its action items") { incident };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var key = parse.GetValue(incident)!;
            ApiResponse<PostmortemDto> published;
            try
            {
                published = await client.PublishPostmortemAsync(key, ct);
            }
            catch (CliException e) when (e.Status == 400 && e.Field == "publish")
            {
                var (pm, _) = await client.GetPostmortemAsync(key, ct);
                throw pm.Problems.Count == 0
                    ? e
                    : new CliException($"400 The postmortem of {pm.Incident} cannot be published yet:\n{string.Join('\n', pm.Problems.Select(p => $"  - {p.Message}"))}") { Status = 400, Field = "publish" };
            }

            Output.Write(parse, published.Json, () => $"The postmortem of {published.Body.Incident} is published.\n\n{PostmortemText.Describe(published.Body)}");
        });
        return command;
    }

    private static Command Export()
    {
        var incident = IncidentArguments.Incident();
        var format = new Option<string>("--format") { Description = "markdown (the default) or html (a standalone page)", DefaultValueFactory = _ => "markdown" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the document to this file instead of stdout" };
        var command = new Command("export", "The postmortem as one document, Markdown or HTML") { incident, format, output };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var document = await client.ExportPostmortemAsync(parse.GetValue(incident)!, parse.GetValue(format)!, ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, document, ct);
                await Console.Error.WriteLineAsync($"Wrote {file.FullName}.");
                return;
            }

            Console.Write(document);
        });
        return command;
    }

    /// <summary>A verb on one incident's postmortem that prints the postmortem as it is afterwards.</summary>
    private static Command Verb(string name, string description, Func<FirebreakClient, string, ParseResult, CancellationToken, Task<ApiResponse<PostmortemDto>>> run, params Symbol[] symbols)
    {
        var incident = IncidentArguments.Incident();
        var command = new Command(name, description) { incident };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument a:
                    command.Arguments.Add(a);
                    break;
                case Option o:
                    command.Options.Add(o);
                    break;
            }
        }

        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (pm, raw) = await run(client, parse.GetValue(incident)!, parse, ct);
            Output.Write(parse, raw, () => PostmortemText.Describe(pm));
        });
        return command;
    }

    /// <summary>"Why did it fail?=The pool was full" into a why; the first '=' separates, so answers may hold one.</summary>
    private static WhyRequest Why(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == pair.Length - 1)
        {
            throw new CliException($"'{pair}' is not QUESTION=ANSWER, for example \"Why did checkout fail?=The pool was exhausted\".", 2);
        }

        return new WhyRequest { Question = pair[..equals].Trim(), Answer = pair[(equals + 1)..].Trim() };
    }
}
