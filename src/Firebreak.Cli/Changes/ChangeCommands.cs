using System.CommandLine;
using Firebreak.Core.Changes;
using Firebreak.Core.Incidents;
using Firebreak.Server.Changes;

namespace Firebreak.Cli.Changes;

/// <summary>change (record a deploy, config change or flag flip) and changes (list them, or what changed for an incident), through the typed client.</summary>
public static class ChangeCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Record();
        yield return List();
    }

    private static Command Record()
    {
        var summary = new Argument<string>("summary") { Description = "What changed, in one line" };
        var services = new Option<string[]>("--service") { Description = "The service it changed (repeat for several)", AllowMultipleArgumentsPerToken = false, Required = true };
        var kind = new Option<string?>("--kind") { Description = "deploy, config, feature-flag or other (the default)" };
        var link = new Option<string?>("--link") { Description = "An http(s) link to it: the pipeline run, the pull request, the flag's history" };
        var at = new Option<string?>("--at") { Description = "When it happened: ISO-8601 (2026-12-04T09:30:00Z) or how long ago (15m, 2h); default now" };
        var source = new Option<string?>("--source") { Description = "Where it came from (the CI system, the flag service)" };
        var command = new Command("change", "Record a change event, so incidents on the service show it under \"What changed\"") { summary, services, kind, link, at, source };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var request = new ChangeRequest
            {
                Summary = parse.GetValue(summary),
                Services = [.. parse.GetValue(services) ?? []],
                Kind = parse.GetValue(kind),
                Link = parse.GetValue(link),
                At = parse.GetValue(at),
                Source = parse.GetValue(source),
            };
            var (change, raw) = await client.RecordChangeAsync(request, ct);
            Output.Write(parse, raw, () => $"Recorded {change.Key}: {Line(change)}");
        });
        return command;
    }

    private static Command List()
    {
        var service = new Option<string?>("--service") { Description = "Only changes to this service (several: separate them with commas)" };
        var since = new Option<string?>("--since") { Description = "From when: how long ago (24h, the default; 7d) or ISO-8601" };
        var until = new Option<string?>("--until") { Description = "Up to when: how long ago or ISO-8601; default no end" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1–500, default 100)" };
        var incident = new Option<string?>("--incident") { Description = "What changed for this incident: its services, from 24 h before its start (the other filters do not apply)" };
        var command = new Command("changes", "List change events, newest first, or what changed for an incident") { service, since, until, limit, incident };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            if (parse.GetValue(incident) is { } key)
            {
                var (found, json) = await client.GetIncidentChangesAsync(key, ct);
                Output.Write(parse, json, () => found.Items.Count == 0
                    ? $"No change recorded on {(found.Services.Count == 0 ? "its services (it names none)" : string.Join(", ", found.Services))} since {Output.Time(found.Since)}."
                    : $"What changed for {found.Incident} (started {Output.Time(found.StartedAt)}):\n" +
                      string.Join('\n', found.Items.Select(i => $"  {i.RelativeToStart,-24} {Line(i.Change)}")));
                return;
            }

            var (page, raw) = await client.GetChangesAsync(parse.GetValue(service), parse.GetValue(since), parse.GetValue(until), parse.GetValue(limit), ct);
            Output.Write(parse, raw, () => page.Items.Count == 0
                ? $"No changes since {Output.Time(page.Since)}."
                : string.Join('\n', page.Items.Select(c => $"{c.Key,-8} {Output.Time(c.At)}  {Line(c)}")));
        });
        return command;
    }

    private static string Line(Change c) =>
        $"{WireNames.Of(c.Kind)} on {string.Join(", ", c.Services)}: {c.Summary}{(c.Link is { } link ? $"  {link}" : string.Empty)}{(c.Source is { } source ? $"  (from {source})" : string.Empty)}";
}
