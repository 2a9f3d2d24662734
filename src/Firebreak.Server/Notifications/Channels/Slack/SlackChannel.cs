namespace Firebreak.Server.Notifications.Channels.Slack;

/// <summary>Posts the Block Kit message to the Slack incoming webhook; Slack answers 200 "ok".</summary>
public sealed class SlackChannel(SlackOptions options, ChannelServices services) : IChannel
{
    public ChannelOptions Options => options;

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        HttpDelivery.PostAsync(services, options.Url.Address, SlackRenderer.Render(delivery), "application/json", [], cancellationToken);
}
