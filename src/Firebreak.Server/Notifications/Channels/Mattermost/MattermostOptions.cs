using Firebreak.Server.Configuration;

namespace Firebreak.Server.Notifications.Channels.Mattermost;

/// <summary>A Mattermost incoming webhook; its address is a secret (<c>urlEnv</c> or <c>urlFile</c>).</summary>
public sealed record MattermostOptions(string Name, bool Private, ChatWebhookUrl Url) : ChannelOptions(Name, Private)
{
    public override string Type => "mattermost";

    public override string Target => Url.Target;

    public override IChannel Create(ChannelServices services) => new MattermostChannel(this, services);

    public static ChannelOptions Read(ConfigSection section, string name, bool isPrivate) =>
        new MattermostOptions(name, isPrivate, ChatWebhookUrl.Read(section, "Mattermost"));
}
