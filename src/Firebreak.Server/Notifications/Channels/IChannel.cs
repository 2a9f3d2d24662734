using Firebreak.Core.Notifications;

namespace Firebreak.Server.Notifications.Channels;

/// <summary>
/// One configured destination. Every channel type is a folder of the same shape: its options (read
/// from firebreak.yaml), its renderer (the message in the receiver's format, a pure function) and its
/// sender (this interface), with recorded-payload tests.
/// </summary>
public interface IChannel
{
    ChannelOptions Options { get; }

    /// <summary>Makes one try. Never throws for the receiver's faults: they come back as the result.</summary>
    Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken);
}

/// <summary>
/// One try of one message: its idempotency key (the same on every try; receivers de-duplicate on it),
/// which try this is, and the address the message's links start with.
/// </summary>
public sealed record Delivery(string IdempotencyKey, Notification Notification, Uri BaseUrl, int Attempt, DateTimeOffset Now)
{
    /// <summary>The incident's page, absolute.</summary>
    public Uri Link => new(BaseUrl, Notification.Path);
}
