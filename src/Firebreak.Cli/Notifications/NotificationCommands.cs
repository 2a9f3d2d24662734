using System.CommandLine;
using Firebreak.Cli.Client;
using Firebreak.Server.Notifications;

namespace Firebreak.Cli.Notifications;

/// <summary>deliveries: where messages went and how they fared; channel: the configured channels and their test.</summary>
public static class NotificationCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Deliveries();
        yield return Channel();
    }

    private static Command Deliveries()
    {
        var incident = new Argument<string?>("incident") { Description = "Only this incident's deliveries (INC-7 or 7); without it, every incident's (admin)", Arity = ArgumentArity.ZeroOrOne };
        var channel = new Option<string?>("--channel") { Description = "Only this channel's" };
        var state = new Option<string?>("--state") { Description = "pending, delivered or failed" };
        var before = new Option<long?>("--before") { Description = "Deliveries older than this id (the 'older' of the previous page)" };
        var limit = new Option<int?>("--limit") { Description = "How many (1–500, default 50)" };
        var command = new Command("deliveries", "Show where messages went and how each fared: delivered, retrying (and when next), failed (and why)") { incident, channel, state, before, limit };
        command.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (page, raw) = await client.GetDeliveriesAsync(parse.GetValue(incident), parse.GetValue(channel), parse.GetValue(state), parse.GetValue(before), parse.GetValue(limit), ct);
            Output.Write(parse, raw, () =>
            {
                if (page.Items.Count == 0)
                {
                    return "No deliveries match.";
                }

                var lines = page.Items.Select(d => $"{d.Id,6}  {d.Incident,-8} #{d.Version,-4} {d.Kind,-16} {d.Channel,-16} {Fared(d)}");
                var more = page.NextBefore is { } next ? $"\nOlder: firebreak deliveries{(parse.GetValue(incident) is { } i ? " " + i : string.Empty)} --before {next}" : string.Empty;
                return string.Join('\n', lines) + more;
            });
        });

        var id = new Argument<long>("id") { Description = "The delivery's id (the first column of firebreak deliveries)" };
        var retry = new Command("retry", "Send a failed delivery again (admin)") { id };
        retry.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (d, raw) = await client.RetryDeliveryAsync(parse.GetValue(id), ct);
            Output.Write(parse, raw, () => $"Delivery {d.Id} to {d.Channel} is pending again; it is tried at once.");
        });
        command.Subcommands.Add(retry);

        var showId = new Argument<long>("id") { Description = "The delivery's id" };
        var show = new Command("show", "One delivery with every try: when, how long, what the receiver said") { showId };
        show.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (d, raw) = await client.GetDeliveryAsync(parse.GetValue(showId), ct);
            Output.Write(parse, raw, () =>
            {
                var tries = (d.Tries ?? []).Select(t => $"  try {t.Attempt}  {Output.Time(t.StartedAt)}  {t.DurationMs} ms  {t.Outcome}{(t.Status is { } s ? $" {s}" : string.Empty)}{(t.Detail is { Length: > 0 } detail ? $"  {detail}" : string.Empty)}");
                return $"Delivery {d.Id}: {d.Headline}\n{d.Incident} #{d.Version} {d.Kind} → {d.Channel} ({d.ChannelType}): {Fared(d)}\n{string.Join('\n', tries)}";
            });
        });
        command.Subcommands.Add(show);
        return command;
    }

    private static Command Channel()
    {
        var command = new Command("channel", "The channels messages go to (firebreak.yaml): list them, or send one a test message");
        var list = new Command("list", "List the configured channels and the events routed to each");
        list.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (channels, raw) = await client.GetChannelsAsync(ct);
            Output.Write(parse, raw, () => channels.Channels.Count == 0
                ? "No channels are configured; declare them under 'channels' in firebreak.yaml (docs/notifications.md)."
                : string.Join('\n', channels.Channels.Select(c =>
                    $"{c.Name,-16} {c.Type,-10} {c.Target,-36} {(c.Private ? "private incidents too" : "public incidents only"),-22} {(c.Events.Count == 0 ? "no route sends here" : string.Join(", ", c.Events))}")));
        });
        command.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "The channel's name" };
        var test = new Command("test", "Send a test message to a channel now and show the receiver's answer (admin)") { name };
        test.SetHandler(async (parse, ct) =>
        {
            using var client = GlobalOptions.Client(parse);
            var (t, raw) = await client.TestChannelAsync(parse.GetValue(name)!, ct);
            Output.Write(parse, raw, () =>
                $"{t.Channel} ({t.Type}, {t.Target}): {t.Outcome} in {t.DurationMs} ms{(t.Status is { } s ? $", status {s}" : string.Empty)}{(t.Detail is { Length: > 0 } detail ? $"\nThe receiver answered: {detail}" : string.Empty)}");
            if (t.Outcome != "delivered")
            {
                throw new CliException($"the test message to {t.Channel} was not delivered ({t.Outcome}); fix the channel in firebreak.yaml or the receiver, then test again.");
            }
        });
        command.Subcommands.Add(test);
        return command;
    }

    /// <summary>"delivered 14:03:02", "retrying (try 3), next 14:03:40: 503 …", "failed after 5 tries: …".</summary>
    internal static string Fared(DeliveryDto d) => d.State switch
    {
        "delivered" => $"delivered {Output.Time(d.DeliveredAt ?? d.CreatedAt)}{(d.Attempts > 1 ? $" (try {d.Attempts})" : string.Empty)}",
        "failed" => $"failed after {d.Attempts} {(d.Attempts == 1 ? "try" : "tries")}: {d.LastError}",
        _ when d.Attempts == 0 => "queued",
        _ => $"retrying (try {d.Attempts + 1} next{(d.NextAttemptAt is { } next ? " at " + Output.Time(next) : string.Empty)}): {d.LastError}",
    };
}
