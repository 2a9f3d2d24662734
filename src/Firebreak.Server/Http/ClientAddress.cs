using System.Net;

namespace Firebreak.Server.Http;

/// <summary>
/// The address of the client a request comes from, as the audit log and the sign-in throttle see
/// it: the connection's address, or — when the connection comes from a proxy on this machine
/// (loopback) — the address that proxy put last in X-Forwarded-For.
/// </summary>
public static class ClientAddress
{
    public static string? Of(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return null;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        if (IPAddress.IsLoopback(remote) && http.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPAddress.TryParse(last, out var client))
            {
                return (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
            }
        }

        return remote.ToString();
    }
}
