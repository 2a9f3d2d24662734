namespace Firebreak.Server.Notifications.Channels.Teams;

/// <summary>Posts the Adaptive Card to the Teams Workflows webhook; the flow answers 202 with no body.</summary>
public sealed class TeamsChannel(TeamsOptions options, ChannelServices services) : IChannel
{
    public ChannelOptions Options => options;

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        HttpDelivery.PostAsync(services, options.Url.Address, TeamsRenderer.Render(delivery), "application/json", [], cancellationToken);
}
