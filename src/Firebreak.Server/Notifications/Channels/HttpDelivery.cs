using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Server.Notifications.Channels;

/// <summary>
/// The one way an HTTP channel makes a try: POST the rendered bytes, wait at most the timeout, read
/// no more than the start of the answer (a 10 MB reply costs 2 KB), never follow a redirect, and sort
/// the answer into delivered, retry (5xx, 408, 429 and network faults, with Retry-After) or refused.
/// </summary>
public static class HttpDelivery
{
    /// <summary>How much of the receiver's answer is kept for the delivery log.</summary>
    public const int MaxDetail = Storage.Notifications.OutboxStore.MaxDetail;

    /// <summary>The handler every delivery shares: no redirects, no cookies, pooled connections.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        MaxConnectionsPerServer = 16,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<SendResult> PostAsync(
        ChannelServices services,
        Uri url,
        byte[] body,
        string contentType,
        IEnumerable<(string Name, string Value)> headers,
        CancellationToken cancellationToken,
        int keep = MaxDetail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.UserAgent.ParseAdd("Firebreak");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(services.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await services.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var detail = await ReadStartAsync(response, keep, timeout.Token);
            return Classify(response, detail, services.Clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"no answer within {services.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return SendResult.Retry(e.InnerException is SocketException socket ? $"{socket.SocketErrorCode}: {socket.Message}" : e.Message);
        }
        catch (IOException e)
        {
            return SendResult.Retry($"the connection failed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms: {e.Message}");
        }
    }

    /// <summary>The answer in delivery terms; public so every HTTP channel and its tests agree.</summary>
    public static SendResult Classify(HttpResponseMessage response, string detail, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return SendResult.Delivered(status, detail);
        }

        var said = detail.Length > 0 ? $"{status} {detail}" : $"{status} {response.ReasonPhrase}";
        if (status is 429 or 408 or >= 500)
        {
            return SendResult.Retry(said, status, RetryAfter(response, now));
        }

        return status is >= 300 and < 400
            ? SendResult.Refused($"{status} redirect to {response.Headers.Location?.ToString() ?? "nowhere"}; give the final address in the channel's configuration", status)
            : SendResult.Refused(said, status);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return wait is { } w && w > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(w.Ticks, TimeSpan.FromDays(1).Ticks)) : null;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, int keep, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[keep];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) && c is not '\n' ? ' ' : c);
        }

        return clean.ToString().Trim();
    }
}
