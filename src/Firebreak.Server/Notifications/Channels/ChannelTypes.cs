using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications.Channels.Email;
using Firebreak.Server.Notifications.Channels.Mattermost;
using Firebreak.Server.Notifications.Channels.Slack;
using Firebreak.Server.Notifications.Channels.Teams;
using Firebreak.Server.Notifications.Channels.Webhook;

namespace Firebreak.Server.Notifications.Channels;

/// <summary>Every channel type by its name in firebreak.yaml, and how its options are read.</summary>
public static class ChannelTypes
{
    private static readonly Dictionary<string, Func<ConfigSection, string, bool, ChannelOptions>> Readers = new(StringComparer.Ordinal)
    {
        ["slack"] = SlackOptions.Read,
        ["teams"] = TeamsOptions.Read,
        ["mattermost"] = MattermostOptions.Read,
        ["webhook"] = WebhookOptions.Read,
        ["email"] = EmailOptions.Read,
    };

    public static IReadOnlyCollection<string> Names => Readers.Keys;

    public static Func<ConfigSection, string, bool, ChannelOptions>? Reader(string type) => Readers.GetValueOrDefault(type);
}
