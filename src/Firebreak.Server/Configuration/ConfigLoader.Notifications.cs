using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications;
using Firebreak.Server.Notifications.Channels;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Server.Configuration;

// The notifications slice's sections: `notifications` (how deliveries are made), `channels` and `routes`.
public sealed partial class ConfigLoader
{
    private NotificationsConfig Notifications(YamlMappingNode root, SeverityScale severities)
    {
        var config = NotificationsConfig.None;
        if (root.Children.TryGetValue(new YamlScalarNode("notifications"), out var settingsNode))
        {
            var settings = new ConfigSection(this, Mapping(settingsNode, "notifications"), "notifications");
            settings.OnlyKeys("baseUrl", "timeout", "giveUpAfter", "concurrency");
            var timeout = settings.Duration("timeout") ?? config.Timeout;
            if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(2))
            {
                throw settings.Error("timeout must be between 1s and 2m.");
            }

            var giveUp = settings.Duration("giveUpAfter") ?? config.Retry.GiveUpAfter;
            if (giveUp < TimeSpan.FromMinutes(1) || giveUp > TimeSpan.FromDays(7))
            {
                throw settings.Error("giveUpAfter must be between 1m and 7d.");
            }

            var concurrency = settings.Int("concurrency") ?? config.Concurrency;
            if (concurrency is < 1 or > 64)
            {
                throw settings.Error("concurrency must be a whole number from 1 to 64.");
            }

            config = config with
            {
                BaseUrl = settings.Url("baseUrl"),
                Timeout = timeout,
                Retry = config.Retry with { GiveUpAfter = giveUp },
                Concurrency = concurrency,
            };
        }

        var channels = new List<ChannelOptions>();
        if (root.Children.TryGetValue(new YamlScalarNode("channels"), out var channelsNode))
        {
            foreach (var child in Sequence(channelsNode, "channels").Children)
            {
                channels.Add(Channel(child, channels));
            }
        }

        var routes = new List<NotificationRoute>();
        if (root.Children.TryGetValue(new YamlScalarNode("routes"), out var routesNode))
        {
            foreach (var child in Sequence(routesNode, "routes").Children)
            {
                routes.Add(Route(child, channels, severities));
            }
        }

        return config with { Channels = channels, Routes = routes };
    }

    private ChannelOptions Channel(YamlNode node, List<ChannelOptions> before)
    {
        var map = Mapping(node, "a channel");
        var name = RequiredString(map, "name", "a channel");
        if (!ChannelName().IsMatch(name))
        {
            throw Error(map, $"the channel name '{name}' must be lowercase letters, digits and '-' (up to 40), like ops-slack.");
        }

        if (before.Any(c => c.Name == name))
        {
            throw Error(map, $"the channel '{name}' is declared twice.");
        }

        var type = RequiredString(map, "type", $"the channel '{name}'");
        var reader = ChannelTypes.Reader(type)
            ?? throw Error(map, $"the channel '{name}' has type '{type}'; the types are {string.Join(", ", ChannelTypes.Names)}.");
        return reader(new ConfigSection(this, map, $"the channel '{name}'"), name, Bool(map, "private") ?? false);
    }

    private NotificationRoute Route(YamlNode node, List<ChannelOptions> channels, SeverityScale severities)
    {
        var map = Mapping(node, "a route");
        OnlyKeys(map, ["events", "channels", "severities", "services"], "a route");
        var events = Strings(map, "events") ?? throw Error(map, $"a route needs 'events', a list of: {string.Join(", ", NotificationKind.Routable)}.");
        foreach (var kind in events)
        {
            if (!NotificationKind.Routable.Contains(kind))
            {
                throw Error(map, $"a route names the event '{kind}'; the events are {string.Join(", ", NotificationKind.Routable)}.");
            }
        }

        var targets = Strings(map, "channels") ?? throw Error(map, "a route needs 'channels', the names of declared channels.");
        if (targets.Count == 0 || events.Count == 0)
        {
            throw Error(map, "a route needs at least one event and one channel.");
        }

        foreach (var target in targets)
        {
            if (channels.All(c => c.Name != target))
            {
                throw Error(map, channels.Count == 0
                    ? $"a route sends to the channel '{target}', but no channels are declared; declare it under 'channels' first."
                    : $"a route sends to the channel '{target}', which is not declared; the channels are {string.Join(", ", channels.Select(c => c.Name))}.");
            }
        }

        var levels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var severity in Strings(map, "severities") ?? [])
        {
            levels.Add(severities.Resolve(severity)?.Name ?? throw Error(map, $"a route names the severity '{severity}'; the levels are {severities.Names}."));
        }

        return new NotificationRoute(
            events.ToHashSet(StringComparer.Ordinal),
            targets,
            levels,
            (Strings(map, "services") ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex ChannelName();
}
