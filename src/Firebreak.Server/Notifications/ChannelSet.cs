using Firebreak.Server.Hosting;
using Firebreak.Server.Notifications.Channels;

namespace Firebreak.Server.Notifications;

/// <summary>Channels a slice adds besides those firebreak.yaml declares (the status page's subscribers).</summary>
public interface IExtraChannels
{
    IEnumerable<IChannel> Create(ChannelServices services);
}

/// <summary>
/// The configured channels, each made once with the one HTTP client deliveries share, and the
/// address the links in messages start with.
/// </summary>
public sealed class ChannelSet : IDisposable
{
    private readonly HttpClient _http = HttpDelivery.CreateClient();
    private readonly Dictionary<string, IChannel> _byName;

    public ChannelSet(NotificationsConfig config, FirebreakOptions options, TimeProvider clock, IEnumerable<IExtraChannels> extra)
    {
        var services = new ChannelServices(_http, clock, config.Timeout);
        All = [.. config.Channels.Select(c => c.Create(services)), .. extra.SelectMany(e => e.Create(services))];
        _byName = All.ToDictionary(c => c.Options.Name, StringComparer.Ordinal);
        BaseUrl = config.BaseUrl ?? BaseUrlOf(options.Urls);
    }

    public IReadOnlyList<IChannel> All { get; }

    public Uri BaseUrl { get; }

    public IChannel? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The first address the server listens on, with a wildcard host read as localhost (set notifications.baseUrl for the public name).</summary>
    public static Uri BaseUrlOf(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? FirebreakOptions.DefaultUrls;
        var wildcard = first.Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(wildcard, UriKind.Absolute, out var url) ? url : new Uri(FirebreakOptions.DefaultUrls);
    }

    public void Dispose() => _http.Dispose();
}
