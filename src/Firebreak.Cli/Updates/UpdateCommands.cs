using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Core.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Updates;

namespace Firebreak.Cli.Updates;

/// <summary>
/// update: post a stakeholder update, or draft one from the template that fits, so stakeholders hear
/// on the cadence the severity sets without anyone writing from a blank page.
/// </summary>
public static class UpdateCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Update();
    }

    private static Command Update()
    {
        var incident = IncidentArguments.Incident();
        var text = new Argument<string?>("text") { Description = "The update; leave out with --draft", Arity = ArgumentArity.ZeroOrOne };
        var draft = new Option<bool>("--draft") { Description = "Print a draft from the template that fits (or --template), without posting" };
        var template = new Option<string?>("--template") { Description = "declared, investigating, identified, monitoring or resolved" };
        var isPublic = new Option<bool>("--public") { Description = "A public update (status page); default internal" };
        var status = new Option<string?>("--status") { Description = "Public status: investigating, identified, monitoring, resolved (default from the incident)" };
        var command = new Command("update", "Post a stakeholder update, or draft one with --draft") { incident, text, draft, template, isPublic, status, IncidentArguments.Override };
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
            var (dto, raw) = await client.PostUpdateAsync(id, body, new CommandOptions(Override: parse.GetValue(IncidentArguments.Override)), ct);
            Output.Write(parse, raw, () => $"Update posted. {IncidentText.Notified(dto)}\n{IncidentText.Describe(dto)}");
        });
        return command;
    }
}
