namespace Firebreak.Server.Notifications.Channels.Mattermost;

/// <summary>Posts the message with its attachment to the Mattermost incoming webhook; Mattermost answers 200 "ok".</summary>
public sealed class MattermostChannel(MattermostOptions options, ChannelServices services) : IChannel
{
    public ChannelOptions Options => options;

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        HttpDelivery.PostAsync(services, options.Url.Address, MattermostRenderer.Render(delivery), "application/json", [], cancellationToken);
}
