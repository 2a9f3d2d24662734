using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Server.Postmortems;

namespace Firebreak.Cli.Postmortems;

/// <summary>actions: the action items, filtered; action: add, show, update, start, done, wontdo.</summary>
public static class ActionCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return ListCommand();
        yield return ActionCommand();
    }

    private static Command ListCommand()
    {
        var mine = new Option<bool>("--mine") { Description = "Only the items you own" };
        var owner = new Option<string?>("--owner") { Description = "Only the items this username owns" };
        var overdue = new Option<bool>("--overdue") { Description = "Only items open past their due day" };
        var service = new Option<string?>("--service") { Description = "Only items of incidents on this service" };
        var team = new Option<string?>("--team") { Description = "Only items of incidents on this team's services" };
        var incident = new Option<string?>("--incident") { Description = "Only this incident's items (INC-7)" };
        var all = new Option<bool>("--all") { Description = "Done and won't-do items as well" };
        var command = new Command("actions", "Action items, open ones unless --all; overdue ones are marked") { mine, owner, overdue, service, team, incident, all };
        command.SetHandler(async (parse, ct) =>
        {
            if (parse.GetValue(mine) && parse.GetValue(owner) is not null)
            {
                throw new CliException("Give --mine or --owner, not both.", 2);
            }

            using var client = GlobalOptions.Client(parse);
            var (list, raw) = await client.GetActionItemsAsync(new ActionListQuery
            {
                Owner = parse.GetValue(mine) ? "me" : parse.GetValue(owner),
                Overdue = parse.GetValue(overdue),
                Service = parse.GetValue(service),
                Team = parse.GetValue(team),
                Incident = parse.GetValue(incident),
                All = parse.GetValue(all),
            }, ct);
            Output.Write(parse, raw, () => list.Items.Count == 0
                ? "No action items match."
                : string.Join('\n', list.Items.Select(a => $"{a.Incident,-8}{PostmortemText.ActionLine(a)}")));
        });
        return command;
    }

    private static Command ActionCommand()
    {
        var command = new Command("action", "One action item: add, show, update, start, done, wontdo, reopen, push");

        var incident = IncidentArguments.Incident();
        var title = new Argument<string>("title") { Description = "What will change, concretely (\"Add a 2 s timeout to the payment client\")" };
        var fields = new Fields();
        var add = new Command("add", "Add an action item to an incident's postmortem; what makes it vague or incomplete is listed") { incident, title };
        fields.AddTo(add);
        add.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var request = fields.Request(parse);
            request.Title = parse.GetValue(title);
            var (item, raw) = await client.AddActionItemAsync(parse.GetValue(incident)!, request, ct);
            Output.Write(parse, raw, () => $"Added {item.Key} to {item.Incident}.\n{PostmortemText.DescribeAction(item)}");
        });
        command.Subcommands.Add(add);

        var showId = Id();
        var show = new Command("show", "One action item with what makes it vague or incomplete") { showId };
        show.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (item, raw) = await client.GetActionItemAsync(parse.GetValue(showId)!, ct);
            Output.Write(parse, raw, () => PostmortemText.DescribeAction(item));
        });
        command.Subcommands.Add(show);

        var updateId = Id();
        var newTitle = new Option<string?>("--title") { Description = "The new title" };
        var update = new Command("update", "Change an action item's fields; those not given stay, an empty one (--owner \"\") clears it") { updateId, newTitle };
        var updateFields = new Fields();
        updateFields.AddTo(update);
        update.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var request = updateFields.Request(parse);
            request.Title = parse.GetValue(newTitle);
            var (item, raw) = await client.UpdateActionItemAsync(parse.GetValue(updateId)!, request, ct);
            Output.Write(parse, raw, () => PostmortemText.DescribeAction(item));
        });
        command.Subcommands.Add(update);

        command.Subcommands.Add(Status("start", "Mark it in progress", "in_progress", withReason: false));
        command.Subcommands.Add(Status("done", "Mark it done", "done", withReason: false));
        command.Subcommands.Add(Status("wontdo", "Decide it will not be done, saying why", "wont_do", withReason: true));
        command.Subcommands.Add(Status("reopen", "Open it again", "open", withReason: false));

        var pushId = Id();
        var tracker = new Option<string>("--tracker", "-t") { Description = "A tracker from postmortems.trackers in firebreak.yaml", Required = true };
        var push = new Command("push", "Push it to an external tracker (GitHub, Jira, a webhook); its key comes back onto the item") { pushId, tracker };
        push.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (item, raw) = await client.PushActionItemAsync(parse.GetValue(pushId)!, parse.GetValue(tracker)!, ct);
            Output.Write(parse, raw, () => $"{item.Key} is on its way to {item.PushingTo}; `firebreak action show {item.Key}` shows its key once the tracker answers.");
        });
        command.Subcommands.Add(push);
        return command;
    }

    private static Argument<string> Id() => new("action") { Description = "ACT-7 or 7" };

    private static Command Status(string name, string description, string status, bool withReason)
    {
        var id = Id();
        var reason = new Option<string?>("--reason", "-r") { Description = withReason ? "Why (required)" : "Why (optional)" };
        var command = new Command(name, description) { id, reason };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (item, raw) = await client.ChangeActionItemStatusAsync(parse.GetValue(id)!, new ActionStatusRequest { Status = status, Reason = parse.GetValue(reason) }, ct);
            Output.Write(parse, raw, () => PostmortemText.DescribeAction(item));
        });
        return command;
    }

    /// <summary>The options an action item's fields are written with, for add and update alike.</summary>
    private sealed class Fields
    {
        private readonly Option<string?> _owner = new("--owner") { Description = "The owner's username" };
        private readonly Option<string?> _due = new("--due") { Description = "The due day, YYYY-MM-DD" };
        private readonly Option<string?> _type = new("--type") { Description = "prevent, detect or mitigate" };
        private readonly Option<string?> _priority = new("--priority") { Description = "high, medium (the default) or low" };
        private readonly Option<string?> _description = new("--description") { Description = "Any detail: the plan, links" };

        public void AddTo(Command command)
        {
            command.Options.Add(_owner);
            command.Options.Add(_due);
            command.Options.Add(_type);
            command.Options.Add(_priority);
            command.Options.Add(_description);
        }

        public ActionItemRequest Request(ParseResult parse) => new()
        {
            Owner = parse.GetValue(_owner),
            Due = parse.GetValue(_due),
            Type = parse.GetValue(_type),
            Priority = parse.GetValue(_priority),
            Description = parse.GetValue(_description),
        };
    }
}
