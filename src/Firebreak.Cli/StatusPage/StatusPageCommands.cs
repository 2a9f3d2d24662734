using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Cli.Incidents;
using Firebreak.Server.StatusPage;

namespace Firebreak.Cli.StatusPage;

/// <summary>
/// impact: what the public status page says of the components an incident affects; component: the
/// components, set one by hand, correct its uptime; maintenance: schedule and run maintenance.
/// </summary>
public static class StatusPageCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Impact();
        yield return Component();
        yield return MaintenanceCommand();
        yield return SubscriberCommand();
    }

    private static Command SubscriberCommand()
    {
        var command = new Command("subscriber", "The status page's subscribers (admin): list, add a webhook or an address, remove, export");
        var list = new Command("list", "Every subscriber: kind, address, components, confirmed");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (all, raw) = await client.GetSubscribersAsync(ct);
            Output.Write(parse, raw, () => all.Items.Count == 0
                ? "Nobody subscribes yet."
                : string.Join('\n', all.Items.Select(s => $"{s.Id,6}  {s.Kind,-8} {s.Address,-40} {(s.Components is null ? "all" : string.Join(", ", s.Components)),-24} {(s.ConfirmedAt is { } c ? "confirmed " + Output.Time(c) : "waiting for confirmation")}")));
        });
        command.Subcommands.Add(list);

        var kind = new Argument<string>("kind") { Description = "webhook or email" };
        var address = new Argument<string>("address") { Description = "The webhook's URL, or the email address (it confirms by its link)" };
        var components = new Option<string[]>("--component") { Description = "Only news about this component (repeat for several; default all)", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Add a webhook subscriber (its signing secret is shown once) or an email address") { kind, address, components };
        add.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (s, raw) = await client.AddSubscriberAsync(new Firebreak.Server.StatusPage.Subscribers.AddSubscriberRequest
            {
                Kind = parse.GetValue(kind),
                Address = parse.GetValue(address),
                Components = parse.GetValue(components) is { Length: > 0 } c ? [.. c] : null,
            }, ct);
            Output.Write(parse, raw, () => s.Secret is { } secret
                ? $"Subscriber {s.Id} added: {s.Address}.\nIts signing secret (Standard Webhooks), shown only this once:\n    {secret}"
                : $"Subscriber {s.Id} added: {s.Address}; a confirmation link is on its way, and nothing else is sent until it is opened.");
        });
        command.Subcommands.Add(add);

        var id = new Argument<long>("id") { Description = "The subscriber's number (firebreak subscriber list)" };
        var remove = new Command("remove", "Remove a subscriber") { id };
        remove.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            await client.RemoveSubscriberAsync(parse.GetValue(id), ct);
            Console.WriteLine($"Subscriber {parse.GetValue(id)} is removed.");
        });
        command.Subcommands.Add(remove);

        var export = new Command("export", "Print the subscribers as CSV");
        export.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            Console.Write(await client.ExportSubscribersAsync(ct));
        });
        command.Subcommands.Add(export);
        return command;
    }

    private static Command Component()
    {
        var command = new Command("component", "The status page's components: list them, set one by hand, correct its uptime history");
        var list = new Command("list", "Each component with the status the page shows, and whether it is set by hand");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (components, raw) = await client.GetComponentsAsync(ct);
            Output.Write(parse, raw, () => components.Items.Count == 0
                ? "The status page has no components; declare them under statusPage.components (or services) in firebreak.yaml."
                : string.Join('\n', components.Items.Select(c =>
                    $"{c.Name,-20} {Core.Incidents.WireNames.Of(c.Status),-22} {(c.Uptime90Days is { } u ? $"{u:0.##} % (90 d)" : string.Empty),-16}{(c.SetByHand is { } h ? $" set by hand by {h.By}: {h.Reason}" : string.Empty)}")));
        });
        command.Subcommands.Add(list);

        var name = new Argument<string>("component") { Description = "The component's name" };
        var status = new Argument<string>("status") { Description = "operational, degraded_performance, partial_outage, major_outage, under_maintenance, or automatic" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (required; in the audit log)" };
        var set = new Command("set", "Set a component's status by hand (admin, or the comms lead of an active incident affecting it)") { name, status, reason };
        set.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (c, raw) = await client.SetComponentStatusAsync(parse.GetValue(name)!, new SetComponentStatusRequest { Status = parse.GetValue(status), Reason = parse.GetValue(reason) }, ct);
            Output.Write(parse, raw, () => c.SetByHand is { } h
                ? $"{c.Name} is set to {Core.Incidents.WireNames.Of(h.Status)} by hand; 'firebreak component set \"{c.Name}\" automatic -r …' lets incidents and maintenance say it again."
                : $"{c.Name} is automatic again: the page shows {Core.Incidents.WireNames.Of(c.Status)}.");
        });
        command.Subcommands.Add(set);

        var correctName = new Argument<string>("component") { Description = "The component's name" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the period (ISO-8601)", Required = true };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of the period (ISO-8601)", Required = true };
        var correctStatus = new Option<string?>("--status") { Description = "What it really was (operational erases down time)", Required = true };
        var correctReason = new Option<string?>("--reason", "-r") { Description = "Why (required; in the audit log)" };
        var correct = new Command("correct", "Correct what the uptime history says of a period (admin)") { correctName, from, to, correctStatus, correctReason };
        correct.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (c, raw) = await client.CorrectUptimeAsync(parse.GetValue(correctName)!, new CorrectUptimeRequest { From = parse.GetValue(from), To = parse.GetValue(to), Status = parse.GetValue(correctStatus), Reason = parse.GetValue(correctReason) }, ct);
            Output.Write(parse, raw, () => $"Corrected the uptime history of {c.Name} ({c.Corrections.Count} correction{(c.Corrections.Count == 1 ? string.Empty : "s")} in all).");
        });
        command.Subcommands.Add(correct);
        return command;
    }

    private static Command MaintenanceCommand()
    {
        var command = new Command("maintenance", "Scheduled maintenance on the status page: list, show, schedule, progress, cancel");
        var list = new Command("list", "Every maintenance, latest window first");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (all, raw) = await client.GetMaintenancesAsync(ct);
            Output.Write(parse, raw, () => all.Items.Count == 0
                ? "No maintenance is scheduled. Schedule one: firebreak maintenance schedule \"TITLE\" --component NAME --starts T --ends T --message \"…\""
                : string.Join('\n', all.Items.Select(Line)));
        });
        command.Subcommands.Add(list);

        var showId = new Argument<string>("maintenance") { Description = "MNT-7 or 7" };
        var show = new Command("show", "One maintenance with its messages") { showId };
        show.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (m, raw) = await client.GetMaintenanceAsync(parse.GetValue(showId)!, ct);
            Output.Write(parse, raw, () => Describe(m));
        });
        command.Subcommands.Add(show);

        var title = new Argument<string>("title") { Description = "What the maintenance is, in one line" };
        var message = new Option<string?>("--message", "-m") { Description = "What users are told", Required = true };
        var components = new Option<string[]>("--component") { Description = "A component it takes down (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
        var starts = new Option<DateTimeOffset?>("--starts") { Description = "When it starts (ISO-8601 with an offset)", Required = true };
        var ends = new Option<DateTimeOffset?>("--ends") { Description = "When it ends (ISO-8601 with an offset)", Required = true };
        var schedule = new Command("schedule", "Schedule maintenance; it starts and completes at its times by itself") { title, message, components, starts, ends };
        schedule.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (m, raw) = await client.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Title = parse.GetValue(title),
                Message = parse.GetValue(message),
                Components = [.. parse.GetValue(components) ?? []],
                StartsAt = parse.GetValue(starts),
                EndsAt = parse.GetValue(ends),
            }, ct);
            Output.Write(parse, raw, () => $"Scheduled {m.Key}.\n{Describe(m)}");
        });
        command.Subcommands.Add(schedule);

        var progressId = new Argument<string>("maintenance") { Description = "MNT-7 or 7" };
        var step = new Argument<string>("status") { Description = "in_progress, verifying or completed" };
        var progressMessage = new Option<string?>("--message", "-m") { Description = "What users are told (default: a plain sentence for the step)" };
        var progress = new Command("progress", "Move a maintenance on by hand: in_progress, verifying or completed") { progressId, step, progressMessage };
        progress.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (m, raw) = await client.ProgressMaintenanceAsync(parse.GetValue(progressId)!, new ProgressMaintenanceRequest { Status = parse.GetValue(step), Message = parse.GetValue(progressMessage) }, ct);
            Output.Write(parse, raw, () => Describe(m));
        });
        command.Subcommands.Add(progress);

        var cancelId = new Argument<string>("maintenance") { Description = "MNT-7 or 7" };
        var cancelReason = new Option<string?>("--reason", "-r") { Description = "Why it is called off (required; users are told)" };
        var cancel = new Command("cancel", "Call off a maintenance") { cancelId, cancelReason };
        cancel.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (m, raw) = await client.CancelMaintenanceAsync(parse.GetValue(cancelId)!, new CancelMaintenanceRequest { Reason = parse.GetValue(cancelReason) }, ct);
            Output.Write(parse, raw, () => Describe(m));
        });
        command.Subcommands.Add(cancel);
        return command;
    }

    private static string Line(MaintenanceDto m) =>
        $"{m.Key,-8} {Core.Incidents.WireNames.Of(m.Status),-12} {Output.Time(m.StartsAt)} – {Output.Time(m.EndsAt)}  {m.Title} ({string.Join(", ", m.Components)})";

    private static string Describe(MaintenanceDto m) =>
        Line(m) + "\n" + string.Join('\n', m.Notes.Select(n => $"  {Output.Time(n.At)}  {Core.Incidents.WireNames.Of(n.Status),-12} {n.Message}"))
        + (m.Next.Count > 0 ? $"\n  Next: {string.Join(", ", m.Next.Select(Core.Incidents.WireNames.Of))} (firebreak maintenance progress {m.Key} STATUS), or cancel" : string.Empty);

    private static Command Impact()
    {
        var pairs = new Argument<string[]>("impacts")
        {
            Description = "COMPONENT=STATUS pairs: degraded_performance, partial_outage, major_outage, or operational to take it off",
            Arity = ArgumentArity.OneOrMore,
        };
        return IncidentVerb.Create("impact", "State an incident's impact on status page components",
            (client, id, p, options, ct) => client.StateImpactAsync(id, new StateImpactRequest { Components = Pairs(p.GetValue(pairs) ?? []) }, options, ct), pairs);
    }

    /// <summary>"API=major_outage" pairs into the request's map; a pair without '=' is a usage error.</summary>
    internal static Dictionary<string, string?> Pairs(IEnumerable<string> given)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in given)
        {
            var equals = pair.LastIndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new CliException($"'{pair}' is not COMPONENT=STATUS, for example API=major_outage.", 2);
            }

            map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return map;
    }
}
