using System.Globalization;
using System.Net;
using Firebreak.Server.StatusPage;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Firebreak.Server.Hosting;

/// <summary>
/// The addresses Firebreak listens on. Without --status-urls Kestrel binds --urls as it always has. With it, every
/// address is bound here, and each connection accepted on a status address carries <see cref="StatusListenerFeature"/>,
/// so <see cref="StatusListenerGate"/> answers only the public page on it. The connection is marked, rather than its
/// local port compared, so port 0 and two listeners sharing a port on different addresses stay apart.
/// </summary>
public sealed class Listeners
{
    private readonly List<Listener> _all;

    public Listeners(FirebreakOptions options) =>
        _all = options.StatusUrls is null ? [] : [.. Split(options.Urls).Select(u => Parse(u, status: false)), .. Split(options.StatusUrls).Select(u => Parse(u, status: true))];

    /// <summary>Whether any status-only listener is configured.</summary>
    public bool HasStatus => _all.Any(l => l.Status);

    /// <summary>After start: the main addresses, each with the port it was given (port 0 becomes the real one).</summary>
    public IReadOnlyList<string> Main => Describe(status: false);

    /// <summary>After start: the status-only addresses, each with the port it was given.</summary>
    public IReadOnlyList<string> Status => Describe(status: true);

    /// <summary>Binds every address (only called when a status listener is configured: then --urls is bound here too).</summary>
    internal void Bind(KestrelServerOptions kestrel)
    {
        foreach (var listener in _all)
        {
            Listen(kestrel, listener);
        }
    }

    private static IEnumerable<string> Split(string? urls) =>
        (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // The same reading of a URL as Kestrel's own for --urls: a unix socket, localhost (both loopbacks), an IP address, or any other host name meaning every address.
    private static Listener Parse(string url, bool status)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException e)
        {
            throw new StartupException($"The address '{url}' cannot be read ({e.Message}). Give one like http://0.0.0.0:8080 with {(status ? "--status-urls" : "--urls")}.", e);
        }

        if (address.PathBase.Length > 0 || address.Scheme is not ("http" or "https"))
        {
            throw new StartupException($"The address '{url}' must be http:// or https:// with a host and port and no path, like http://0.0.0.0:8080 ({(status ? "--status-urls" : "--urls")}).");
        }

        return new Listener(address, status);
    }

    private static void Listen(KestrelServerOptions kestrel, Listener listener)
    {
        var (address, status) = (listener.Address, listener.Status);
        void Configure(ListenOptions listen)
        {
            listener.Options = listen;
            if (status)
            {
                listen.Use(next => connection =>
                {
                    connection.Features.Set(StatusListenerFeature.Instance);
                    return next(connection);
                });
            }

            if (address.Scheme == "https")
            {
                listen.UseHttps();
            }
        }

        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }

    private List<string> Describe(bool status) =>
        [.. _all.Where(l => l.Status == status).Select(l => l.Address.IsUnixPipe || l.Options?.IPEndPoint is not { } bound
            ? l.Address.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{l.Address.Scheme}://{l.Address.Host}:{bound.Port}"))];

    private sealed class Listener(BindingAddress address, bool status)
    {
        public BindingAddress Address { get; } = address;

        public bool Status { get; } = status;

        public ListenOptions? Options { get; set; }
    }
}
