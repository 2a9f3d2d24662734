using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Firebreak.Server.Verification;

/// <summary>
/// One HTTP probe from this machine, judged by the server's <see cref="HttpCheck"/>, and what the
/// connection showed on the way: the addresses the name resolved to, the one connected to, and the
/// TLS certificate the server presented. Redirects are not followed.
/// </summary>
public sealed class CheckProbe
{
    private IReadOnlyList<IPAddress> _resolved = [];
    private IPEndPoint? _connected;
    private SeenCertificate? _certificate;

    /// <summary>What the probe found.</summary>
    public sealed record Report(Uri Url, HttpCheckResult Result, IReadOnlyList<IPAddress> Resolved, IPEndPoint? Connected, SeenCertificate? Certificate);

    /// <summary>The server's certificate: who it names, until when, and whether this machine trusts it (and if not, why).</summary>
    public sealed record SeenCertificate(string Subject, DateTimeOffset NotAfter, SslPolicyErrors Errors)
    {
        public bool Trusted => Errors == SslPolicyErrors.None;

        /// <summary>Whole days until it expires (negative once it has).</summary>
        public int DaysLeft(DateTimeOffset now) => (int)Math.Floor((NotAfter - now).TotalDays);
    }

    public static async Task<Report> RunAsync(Uri url, int? expectStatus, string? bodyContains, TimeSpan timeout, bool insecure, CancellationToken cancellationToken)
    {
        var probe = new CheckProbe();
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false, // the addresses and the certificate shown are the service's own, not a proxy's
            ConnectCallback = probe.ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is X509Certificate2 seen)
                    {
                        probe._certificate = new SeenCertificate(seen.Subject, new DateTimeOffset(seen.NotAfter), errors);
                    }

                    return errors == SslPolicyErrors.None || insecure;
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = 16 * 1024 * 1024 };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("firebreak-check");
        var result = await HttpCheck.RunAsync(http, url, expectStatus, bodyContains, timeout, cancellationToken);
        if (result.Status is null && probe._certificate is { Trusted: false } untrusted && !insecure)
        {
            // TLS only says our callback refused it; the callback saw why.
            result = result with { Detail = $"request failed: the server's certificate is not trusted on this machine ({untrusted.Errors}); --insecure accepts it" };
        }

        return new Report(url, result, probe._resolved, probe._connected, probe._certificate);
    }

    /// <summary>Resolves the name itself (so the addresses can be shown) and connects to them in turn.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        _resolved = addresses;
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                _connected = (IPEndPoint?)socket.RemoteEndPoint;
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
