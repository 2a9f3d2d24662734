using System.CommandLine;
using System.Globalization;
using System.Text;
using Firebreak.Cli.Client;
using Firebreak.Server.Alerts;

namespace Firebreak.Cli.Alerts;

/// <summary>alerts (the groups, newest change first) and alert (show, ack, resolve, silence), through the typed client.</summary>
public static class AlertCommands
{
    public static IEnumerable<Command> Create() => [List(), Alert(), IntegrationCommand(), ProbesCommand()];

    private static Command ProbesCommand()
    {
        var name = new Argument<string?>("probe") { Description = "One probe, with its recent runs and hourly history", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("probes", "The server's probes of the services: up or down, last run, uptime over 24 hours") { name };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            if (parse.GetValue(name) is { } one)
            {
                var (probe, raw) = await client.GetProbeAsync(one, ct);
                Output.Write(parse, raw, () => $"{probe.Name}  {probe.Status}  {probe.Url} (every {probe.IntervalSeconds} s, service {probe.Service})\n" +
                    string.Concat((probe.Recent ?? []).Take(20).Select(r => $"  {Output.Time(r.At)}  {(r.Passed ? "pass" : "FAIL")}  {r.ElapsedMs,5} ms  {r.Detail}\n")).TrimEnd('\n'));
                return;
            }

            var (list, listed) = await client.GetProbesAsync(ct);
            Output.Write(parse, listed, () => list.Items.Count == 0
                ? "No probes: list them under services[].probes in firebreak.yaml."
                : string.Join('\n', list.Items.Select(p => $"{p.Name,-28} {p.Status,-8} {p.Service,-14} {(p.Uptime24h is { } u ? u.ToString("0.###", CultureInfo.InvariantCulture) + " %" : "-"),9}  {p.Last?.Detail ?? "not run yet"}")));
        });
        return command;
    }

    private static Command IntegrationCommand()
    {
        var command = new Command("integration", "The integrations senders post alerts with (admins): list, add, rotate, remove");
        var list = new Command("list", "Every integration: firebreak.yaml's and those made here, with its endpoint");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (items, raw) = await client.GetIntegrationsAsync(ct);
            Output.Write(parse, raw, () => items.Items.Count == 0
                ? "No integrations: add one with firebreak integration add NAME --source alertmanager."
                : string.Join('\n', items.Items.Select(i => $"{i.Name,-24} {i.Source,-13} {i.Endpoint,-36} {(i.From == "api" ? "key …" + i.KeyHint : "from firebreak.yaml")}  service {i.Service ?? "from labels"}")));
        });
        command.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "Its name: lowercase letters, digits and dashes" };
        var source = new Option<string>("--source") { Description = "alertmanager, grafana, prometheus or pagerduty", Required = true };
        var service = new Option<string?>("--service") { Description = "The service when no route matches (else the alerts' service label)" };
        var groupBy = new Option<string[]>("--group-by") { Description = "A label that makes a group (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var declare = new Option<string[]>("--declare") { Description = "An auto-declare rule, SEVERITY[:STATUS][@LABEL=VALUE,…], e.g. SEV-2:investigating@severity=critical (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var add = new Command("add", "Make an integration; its key is printed this once") { name, source, service, groupBy, declare };
        add.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var request = new IntegrationRequest
            {
                Name = parse.GetValue(name),
                Source = parse.GetValue(source),
                Service = parse.GetValue(service),
                GroupBy = parse.GetValue(groupBy) is { Length: > 0 } labels ? [.. labels] : null,
                Declare = parse.GetValue(declare) is { Length: > 0 } rules ? [.. rules.Select(DeclareRule)] : null,
            };
            var (made, raw) = await client.CreateIntegrationAsync(request, ct);
            Output.Write(parse, raw, () => KeyText(made));
        });
        command.Subcommands.Add(add);

        var rotateName = new Argument<string>("name") { Description = "The integration" };
        var rotate = new Command("rotate", "Give the integration a new key (printed this once); the old one stops working") { rotateName };
        rotate.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (made, raw) = await client.RotateIntegrationKeyAsync(parse.GetValue(rotateName)!, ct);
            Output.Write(parse, raw, () => KeyText(made));
        });
        command.Subcommands.Add(rotate);

        var removeName = new Argument<string>("name") { Description = "The integration" };
        var remove = new Command("remove", "Remove the integration: its key stops working, its alert groups stay") { removeName };
        remove.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (removed, raw) = await client.RemoveIntegrationAsync(parse.GetValue(removeName)!, ct);
            Output.Write(parse, raw, () => $"Removed the integration '{removed.Name}'.");
        });
        command.Subcommands.Add(remove);
        return command;
    }

    private static string KeyText(IntegrationKeyDto made) =>
        $"{made.Note}\n  endpoint {made.Endpoint}\n  key      {made.Key}";

    /// <summary>SEVERITY[:STATUS][@LABEL=VALUE,…] as the --declare option takes it.</summary>
    private static IntegrationDeclareRequest DeclareRule(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var head = at < 0 ? text : text[..at];
        var match = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at >= 0)
        {
            foreach (var pair in text[(at + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new CliException($"--declare '{text}': each label is LABEL=VALUE.", 2);
                }

                match[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        var colon = head.IndexOf(':', StringComparison.Ordinal);
        return new IntegrationDeclareRequest { Severity = colon < 0 ? head : head[..colon], Status = colon < 0 ? null : head[(colon + 1)..], Match = match };
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "firing, acknowledged, resolved (comma-separated); default: firing,acknowledged" };
        var all = new Option<bool>("--all") { Description = "Resolved groups as well" };
        var service = new Option<string?>("--service") { Description = "Only groups routed to this service" };
        var incident = new Option<string?>("--incident") { Description = "Only groups attached to this incident (INC-7)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1 to 200; 50 by default)" };
        var command = new Command("alerts", "Alert groups, newest change first: what fires, where it is routed, which incident it belongs to") { status, all, service, incident, limit };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var statuses = parse.GetValue(status) ?? (parse.GetValue(all) ? null : "firing,acknowledged");
            var (list, raw) = await client.GetAlertGroupsAsync(statuses, parse.GetValue(service), parse.GetValue(incident), parse.GetValue(limit), ct);
            Output.Write(parse, raw, () => list.Items.Count == 0
                ? "No alert groups" + (statuses is null ? "." : $" that are {statuses.Replace(",", " or ", StringComparison.Ordinal)} (--all for every one).")
                : string.Join('\n', list.Items.Select(Line)));
        });
        return command;
    }

    private static string Line(AlertGroupDto g) =>
        $"{g.Name,-7} {g.Status,-12} {g.Firing,4} firing  {g.Service ?? "-",-14} {g.Incident ?? "-",-8} {g.Title}" +
        (g.Flapping ? "  (flapping)" : string.Empty) + (g.SilencedUntil is { } until ? $"  (silenced until {Output.Time(until)})" : string.Empty);

    private static Command Alert()
    {
        var command = new Command("alert", "One alert group: show it with its alerts, acknowledge, resolve or silence it; the month's alert review and its marks");
        var showId = Group();
        var show = new Command("show", "The group and its alerts, firing ones first") { showId };
        show.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (group, raw) = await client.GetAlertGroupAsync(parse.GetValue(showId)!, ct);
            Output.Write(parse, raw, () => Describe(group));
        });
        command.Subcommands.Add(show);
        command.Subcommands.Add(Change("ack", "acknowledge", "Acknowledge the group: you have it"));
        command.Subcommands.Add(Change("resolve", "resolve", "Resolve the group by hand (an alert that still fires opens it again)"));

        var silenceId = Group();
        var duration = new Option<string>("--for") { Description = "How long: 30m, 2h, 1d (at most 30 days)", Required = true };
        var silenceReason = new Option<string>("--reason", "-r") { Description = "Why it is silenced (required)", Required = true };
        var silence = new Command("silence", "Silence the group for a while: its alerts are kept, but it opens no incident meanwhile") { silenceId, duration, silenceReason };
        silence.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (group, raw) = await client.ChangeAlertGroupAsync(parse.GetValue(silenceId)!, "silence", new AlertGroupCommandRequest { For = parse.GetValue(duration), Reason = parse.GetValue(silenceReason) }, ct);
            Output.Write(parse, raw, () => $"{group.Name} is silenced until {Output.Time(group.SilencedUntil ?? group.UpdatedAt)}.\n{Describe(group)}");
        });
        command.Subcommands.Add(silence);

        var month = new Option<string?>("--month") { Description = "The month, YYYY-MM (this one by default)" };
        var review = new Command("review", "The month's alert review: per rule, groups and firings against incidents and acknowledgements; noisy rules first") { month };
        review.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (r, raw) = await client.GetAlertReviewAsync(parse.GetValue(month), ct);
            Output.Write(parse, raw, () => r.Rules.Count == 0
                ? $"No alert rule fired in {r.Month}."
                : $"Alert review {r.Month}: {r.Waiting} noisy rule(s) wait for a review (firebreak alert mark RULE --verdict actionable|tune)\n" +
                  string.Join('\n', r.Rules.Select(x => $"  {(x.Noisy ? "noisy " : "      ")}{x.Rule,-36} {x.Groups,4} groups {x.Fired,6} fired {x.LedToIncident,3} incidents {x.AcknowledgedByPeople,3} acked {x.WithoutAction,4} without action" +
                      (x.Verdict is { } v ? $"  [{v} by {x.ReviewedBy}{(x.Note is null ? string.Empty : ": " + x.Note)}]" : string.Empty))));
        });
        command.Subcommands.Add(review);

        var rule = new Argument<string>("rule") { Description = "The rule, integration/alertname, as the review lists it" };
        var verdict = new Option<string>("--verdict") { Description = "actionable (someone must act when it fires) or tune (change or drop it)", Required = true };
        var note = new Option<string?>("--note") { Description = "What to change, or why it stays" };
        var markMonth = new Option<string?>("--month") { Description = "The month reviewed, YYYY-MM (this one by default)" };
        var mark = new Command("mark", "Mark an alert rule of the month's review actionable or to tune") { rule, verdict, note, markMonth };
        mark.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (marked, raw) = await client.MarkAlertRuleAsync(new RuleMarkRequest { Rule = parse.GetValue(rule), Verdict = parse.GetValue(verdict), Note = parse.GetValue(note), Month = parse.GetValue(markMonth) }, ct);
            Output.Write(parse, raw, () => $"{marked.Rule}: {marked.Verdict}.");
        });
        command.Subcommands.Add(mark);
        return command;
    }

    private static Command Change(string name, string verb, string description)
    {
        var id = Group();
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (optional)" };
        var command = new Command(name, description) { id, reason };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (group, raw) = await client.ChangeAlertGroupAsync(parse.GetValue(id)!, verb, new AlertGroupCommandRequest { Reason = parse.GetValue(reason) }, ct);
            Output.Write(parse, raw, () => $"{group.Name} is {group.Status}.\n{Describe(group)}");
        });
        return command;
    }

    private static Argument<string> Group() => new("group") { Description = "The alert group: AG-3 or 3" };

    private static string Describe(AlertGroupDto g)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{g.Name}  {g.Status}  {g.Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"  integration {g.Integration}, service {g.Service ?? "none"}, incident {g.Incident ?? "none"}\n");
        text.Append(CultureInfo.InvariantCulture, $"  {g.Firing} firing of {g.Alerts} alerts ({g.Fired} times fired); opened {Output.Time(g.OpenedAt)}, changed {Output.Time(g.UpdatedAt)}\n");
        if (g.AcknowledgedBy is { } by)
        {
            text.Append(CultureInfo.InvariantCulture, $"  acknowledged by {by} at {Output.Time(g.AcknowledgedAt ?? g.UpdatedAt)}\n");
        }

        if (g.Flapping)
        {
            text.Append("  flapping: it changes between firing and resolved too often, so it opens no incident\n");
        }

        if (g.Labels.Count > 0)
        {
            text.Append("  labels: ").Append(string.Join(", ", g.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))).Append('\n');
        }

        foreach (var a in g.AlertList ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"  {a.Status,-9} {a.Fingerprint,-18} {a.Title}");
            var distinct = a.Labels.Where(l => !g.Labels.ContainsKey(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
            text.Append(distinct.Count > 0 ? "  {" + string.Join(", ", distinct) + "}" : string.Empty).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }
}
