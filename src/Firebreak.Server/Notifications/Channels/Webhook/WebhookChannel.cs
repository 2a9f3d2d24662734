using System.Globalization;

namespace Firebreak.Server.Notifications.Channels.Webhook;

/// <summary>
/// Sends to a generic webhook: <c>webhook-id</c> is the idempotency key (the same on every try),
/// <c>webhook-timestamp</c> the time of this try, <c>webhook-signature</c> its v1 signature.
/// </summary>
public sealed class WebhookChannel(WebhookOptions options, ChannelServices services) : IChannel
{
    public ChannelOptions Options => options;

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var body = WebhookRenderer.Render(delivery);
        var timestamp = delivery.Now.ToUnixTimeSeconds();
        var id = WebhookId(delivery.IdempotencyKey);
        return HttpDelivery.PostAsync(
            services,
            options.Url,
            body,
            "application/json",
            [
                ("webhook-id", id),
                ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
                ("webhook-signature", WebhookSigner.Sign(options.Secret.Reveal(), id, timestamp, body)),
            ],
            cancellationToken);
    }

    /// <summary>The spec's message id: <c>msg_</c> and the key, with no '.' in it.</summary>
    public static string WebhookId(string idempotencyKey) => "msg_" + idempotencyKey.Replace('.', '_');
}
