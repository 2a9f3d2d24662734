namespace Firebreak.Core.Notifications;

/// <summary>
/// Which messages go to which channels: the kinds (<see cref="NotificationKind"/>), and optionally
/// only for some severities or services (an empty set matches all).
/// </summary>
public sealed record NotificationRoute(
    IReadOnlySet<string> Kinds,
    IReadOnlyList<string> Channels,
    IReadOnlySet<string> Severities,
    IReadOnlySet<string> Services)
{
    public bool Matches(Notification n) =>
        Kinds.Contains(n.Kind)
        && (Severities.Count == 0 || Severities.Contains(n.Severity))
        && (Services.Count == 0 || n.Services.Any(Services.Contains));
}

/// <summary>A channel as routing sees it: its name, and whether private incidents may go to it.</summary>
public sealed record RoutedChannel(string Name, bool Private);

/// <summary>The one routing rule: every matching route's channels, once each; a private incident only to channels marked for it.</summary>
public static class Routing
{
    public static IReadOnlyList<string> ChannelsFor(Notification n, IEnumerable<NotificationRoute> routes, IReadOnlyDictionary<string, RoutedChannel> channels) =>
        [.. routes.Where(r => r.Matches(n))
            .SelectMany(r => r.Channels)
            .Distinct(StringComparer.Ordinal)
            .Where(c => channels.TryGetValue(c, out var channel) && (!n.Private || channel.Private))];
}
