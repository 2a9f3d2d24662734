using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications.Channels;

namespace Firebreak.Server.Notifications;

/// <summary>
/// The notifications section of firebreak.yaml: the channels, the routes to them, the address links
/// point to, and how deliveries are tried (timeout, retries, how many at once per channel).
/// </summary>
public sealed record NotificationsConfig
{
    public static readonly NotificationsConfig None = new();

    /// <summary>The address links in messages start with; null: the first address the server listens on.</summary>
    public Uri? BaseUrl { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>How long one try may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many deliveries one channel has in flight at once (each incident's stay in order).</summary>
    public int Concurrency { get; init; } = 4;

    public IReadOnlyList<ChannelOptions> Channels
    {
        get;
        init
        {
            field = value;
            Routed = value.ToDictionary(c => c.Name, c => new RoutedChannel(c.Name, c.Private), StringComparer.Ordinal);
        }
    } = [];

    public IReadOnlyList<NotificationRoute> Routes { get; init; } = [];

    /// <summary>The channels as routing sees them, by name.</summary>
    public IReadOnlyDictionary<string, RoutedChannel> Routed { get; private init; } = new Dictionary<string, RoutedChannel>();
}
