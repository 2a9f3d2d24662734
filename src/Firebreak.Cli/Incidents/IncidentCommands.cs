using System.CommandLine;
using System.Text;
using Firebreak.Cli.Client;
using Firebreak.Core.Incidents;
using Firebreak.Server.Incidents;

namespace Firebreak.Cli.Incidents;

/// <summary>declare, list, show, log, status, sev, role, join, leave, decline, pin, resolve.</summary>
public static class IncidentCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Declare();
        yield return List();
        yield return Show();
        yield return Log();
        yield return Status();
        yield return Severity();
        yield return Role();
        yield return IncidentVerb.Create("join", "Join an incident's response as a responder", (client, id, _, options, ct) => client.JoinAsync(id, options, ct));
        yield return IncidentVerb.Create("leave", "Leave an incident's response", (client, id, _, options, ct) => client.LeaveAsync(id, options, ct));
        yield return Decline();
        yield return Pin();
        yield return Resolve();
    }

    private static Command Declare()
    {
        var title = new Argument<string>("title") { Description = "What is broken, in one line" };
        var severity = new Option<string>("--sev", "--severity", "-s") { Description = "SEV-1…SEV-4 or P0…P3", Required = true };
        var summary = new Option<string?>("--summary") { Description = "What is known so far" };
        var impact = new Option<string?>("--impact") { Description = "Who is affected, what they cannot do, how many" };
        var services = new Option<string[]>("--service") { Description = "Affected service (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var startedAt = new Option<DateTimeOffset?>("--started-at") { Description = "When the impact began (ISO-8601); default now" };
        var isPrivate = new Option<bool>("--private") { Description = "Only members and admins can see it (security incidents)" };
        var triage = new Option<bool>("--triage") { Description = "Not yet confirmed: start in triage instead of investigating" };
        var commander = new Option<string?>("--commander") { Description = "Username of the incident commander" };
        var components = new Option<string[]>("--component") { Description = "Impact on a status page component, COMPONENT=STATUS (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("declare", "Declare an incident") { title, severity, summary, impact, services, startedAt, isPrivate, triage, commander, components };
        command.SetHandler(async (parse, ct) =>
        {
            var body = new DeclareIncidentRequest
            {
                Title = parse.GetValue(title),
                Severity = parse.GetValue(severity),
                Summary = parse.GetValue(summary),
                Impact = parse.GetValue(impact),
                Services = parse.GetValue(services) is { Length: > 0 } s ? [.. s] : null,
                StartedAt = parse.GetValue(startedAt),
                Private = parse.GetValue(isPrivate),
                Status = parse.GetValue(triage) ? "triage" : null,
                Commander = parse.GetValue(commander),
                Components = parse.GetValue(components) is { Length: > 0 } c ? StatusPage.StatusPageCommands.Pairs(c) : null,
            };
            using var client = GlobalOptions.Client(parse);
            var (incident, raw) = await client.DeclareIncidentAsync(body, ct);
            Output.Write(parse, raw, () => $"Declared {incident.Key}.\n{IncidentText.Describe(incident)}");
        });
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "Comma-separated statuses, e.g. investigating,identified" };
        var severity = new Option<string?>("--sev", "--severity") { Description = "Comma-separated severities, e.g. SEV-1,SEV-2" };
        var service = new Option<string?>("--service") { Description = "Only incidents affecting this service" };
        var search = new Option<string?>("--search", "-q") { Description = "Free text in title, summary, impact or services" };
        var active = new Option<bool>("--active") { Description = "Only incidents not yet resolved" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1–200, default 50)" };
        var offset = new Option<int?>("--offset") { Description = "Skip this many (paging)" };
        var command = new Command("list", "List incidents, active ones first") { status, severity, service, search, active, limit, offset };
        command.SetHandler(async (parse, ct) =>
        {
            var query = new IncidentListQuery
            {
                Status = parse.GetValue(status),
                Severity = parse.GetValue(severity),
                Service = parse.GetValue(service),
                Search = parse.GetValue(search),
                ActiveOnly = parse.GetValue(active),
                Limit = parse.GetValue(limit),
                Offset = parse.GetValue(offset),
            };
            using var client = GlobalOptions.Client(parse);
            var (page, raw) = await client.ListIncidentsAsync(query, ct);
            Output.Write(parse, raw, () =>
            {
                if (page.Items.Count == 0)
                {
                    return "No incidents match.";
                }

                var now = TimeProvider.System.GetUtcNow();
                var text = new StringBuilder();
                text.AppendLine($"{"KEY",-9} {"SEV",-6} {"STATUS",-14} {"COMMANDER",-14} {"AGE",-8} TITLE");
                foreach (var i in page.Items)
                {
                    text.AppendLine($"{i.Key,-9} {i.Severity,-6} {WireNames.Of(i.Status),-14} {i.Commander ?? "-",-14} {Output.Age(i.StartedAt, now),-8} {i.Title}{(i.Private ? " [private]" : string.Empty)}{(i.UpdateOverdueMinutes is { } late ? $" [update {late} min overdue]" : string.Empty)}");
                }

                text.Append($"{page.Items.Count} of {page.Total}");
                return text.ToString();
            });
        });
        return command;
    }

    private static Command Show()
    {
        var incident = IncidentArguments.Incident();
        var command = new Command("show", "Show an incident with its timeline") { incident };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var ((dto, items), raw) = await client.GetIncidentWithTimelineAsync(parse.GetValue(incident)!, ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                Console.WriteLine(raw);
                return;
            }

            var text = new StringBuilder(IncidentText.Describe(dto));
            var pinned = items.Where(i => i.Pinned).ToList();
            if (pinned.Count > 0)
            {
                text.AppendLine().Append("Pinned:");
                foreach (var item in pinned)
                {
                    text.AppendLine().Append(Line(item));
                }
            }

            text.AppendLine().Append("Timeline:");
            foreach (var item in items)
            {
                text.AppendLine().Append(Line(item));
            }

            Console.WriteLine(text.ToString());
        });
        return command;
    }

    private static Command Log()
    {
        var incident = IncidentArguments.Incident();
        var words = new Argument<string[]>("entry") { Description = "[KIND] TEXT: kind is note (default), symptom, hypothesis, action, result, decision or command", Arity = new ArgumentArity(1, 2) };
        var kind = new Option<string?>("--kind", "-k") { Description = "Entry kind, if not given before the text" };
        var command = new Command("log", "Add an entry to an incident's timeline") { incident, words, kind, IncidentArguments.IfVersion, IncidentArguments.Override };
        command.SetHandler(async (parse, ct) =>
        {
            var given = parse.GetValue(words)!;
            var body = new AddEntryRequest
            {
                Kind = given.Length == 2 ? given[0] : parse.GetValue(kind) ?? "note",
                Text = given[^1],
            };
            using var client = GlobalOptions.Client(parse);
            var (entry, raw) = await client.AddEntryAsync(parse.GetValue(incident)!, body, IncidentArguments.Options(parse), ct);
            Output.Write(parse, raw, () => $"Logged {entry.Kind} #{entry.Version} on {parse.GetValue(incident)!.ToUpperInvariant()}.{IncidentText.Findings(IncidentKey.TryParse(parse.GetValue(incident), out var id) ? IncidentKey.Format(id) : parse.GetValue(incident)!, entry.Findings)}");
        });
        return command;
    }

    private static Command Status()
    {
        var status = new Argument<string>("status") { Description = "investigating, identified, monitoring, resolved or closed" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why" };
        return IncidentVerb.Create("status", "Move an incident along its lifecycle",
            (client, id, p, options, ct) => client.ChangeStatusAsync(id, new ChangeStatusRequest { Status = p.GetValue(status), Reason = p.GetValue(reason) }, options, ct), status, reason);
    }

    private static Command Severity()
    {
        var level = new Argument<string>("severity") { Description = "SEV-1…SEV-4 or P0…P3" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why the level changes (required)" };
        return IncidentVerb.Create("sev", "Upgrade or downgrade an incident",
            (client, id, p, options, ct) => client.ChangeSeverityAsync(id, new ChangeSeverityRequest { Severity = p.GetValue(level), Reason = p.GetValue(reason) }, options, ct), level, reason);
    }

    private static Command Role()
    {
        var role = new Argument<string>("role") { Description = "commander, comms-lead, tech-lead, scribe or a custom role" };
        var user = new Argument<string>("user") { Description = "Username taking the role (a handoff if someone holds it)" };
        return IncidentVerb.Create("role", "Assign or hand off an incident role",
            (client, id, p, options, ct) => client.AssignRoleAsync(id, new AssignRoleRequest { Role = p.GetValue(role), User = p.GetValue(user) }, options, ct), role, user);
    }

    private static Command Decline()
    {
        var reason = new Argument<string?>("reason") { Description = "Why this is not an incident", Arity = ArgumentArity.ZeroOrOne };
        var reasonOption = new Option<string?>("--reason", "-r") { Description = "Why this is not an incident" };
        return IncidentVerb.Create("decline", "Decline a report in triage as a false alarm",
            (client, id, p, options, ct) => client.DeclineAsync(id, new DeclineRequest { Reason = p.GetValue(reason) ?? p.GetValue(reasonOption) }, options, ct), reason, reasonOption);
    }

    private static Command Pin()
    {
        var entry = NumberArgument.Long("entry", "The entry's number (#N in 'show')");
        var unpin = new Option<bool>("--unpin") { Description = "Unpin instead" };
        return IncidentVerb.Create("pin", "Pin a key timeline entry",
            (client, id, p, options, ct) => client.PinAsync(id, new PinRequest { Entry = p.GetValue(entry), Pinned = !p.GetValue(unpin) }, options, ct), entry, unpin);
    }

    private static Command Resolve()
    {
        var reason = new Option<string?>("--reason", "-r") { Description = "How you know it is fixed" };
        return IncidentVerb.Create("resolve", "Resolve an incident: starts verification where health checks exist, else needs verification evidence or --override",
            (client, id, p, options, ct) => client.ChangeStatusAsync(id, new ChangeStatusRequest { Status = "resolved", Reason = p.GetValue(reason) }, options, ct), reason);
    }

    private static string Line(TimelineItemDto item) =>
        $"  {Output.Time(item.At)}  #{item.Version,-4} {item.Kind,-13} {item.Actor,-12} {item.Text.ReplaceLineEndings("\n" + new string(' ', 58))}";
}
