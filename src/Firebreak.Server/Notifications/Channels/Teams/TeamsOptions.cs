using Firebreak.Server.Configuration;

namespace Firebreak.Server.Notifications.Channels.Teams;

/// <summary>A Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is received"); its address is a secret (<c>urlEnv</c> or <c>urlFile</c>).</summary>
public sealed record TeamsOptions(string Name, bool Private, ChatWebhookUrl Url) : ChannelOptions(Name, Private)
{
    public override string Type => "teams";

    public override string Target => Url.Target;

    public override IChannel Create(ChannelServices services) => new TeamsChannel(this, services);

    public static ChannelOptions Read(ConfigSection section, string name, bool isPrivate) =>
        new TeamsOptions(name, isPrivate, ChatWebhookUrl.Read(section, "Teams Workflows"));
}
