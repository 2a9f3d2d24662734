using Firebreak.Server.Configuration;

namespace Firebreak.Server.Notifications.Channels.Slack;

/// <summary>A Slack incoming webhook; its address is a secret (<c>urlEnv</c> or <c>urlFile</c>).</summary>
public sealed record SlackOptions(string Name, bool Private, ChatWebhookUrl Url) : ChannelOptions(Name, Private)
{
    public override string Type => "slack";

    public override string Target => Url.Target;

    public override IChannel Create(ChannelServices services) => new SlackChannel(this, services);

    public static ChannelOptions Read(ConfigSection section, string name, bool isPrivate) =>
        new SlackOptions(name, isPrivate, ChatWebhookUrl.Read(section, "Slack"));
}
