using System.Diagnostics;
using System.Security.Authentication;

namespace Firebreak.Server.Verification;

/// <summary>
/// One HTTP GET and its verdict: the status expected (when none is given, anything below 400 passes),
/// an optional text the body must contain, and a timeout. Health checks during verification and the
/// responder's `firebreak check` judge an answer the same way, here.
/// </summary>
public static class HttpCheck
{
    public static async Task<HttpCheckResult> RunAsync(HttpClient http, Uri url, int? expectStatus, string? bodyContains, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location is { } to ? new Uri(url, to) : null;
            if (expectStatus is { } expected ? status != expected : status >= 400)
            {
                var wanted = expectStatus is { } given ? $"HTTP {given}" : "an HTTP status below 400";
                return new HttpCheckResult(false, status, elapsed, $"expected {wanted}, got {status} after {Milliseconds(elapsed)} ms") { Location = location };
            }

            if (bodyContains is { } text)
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token);
                if (!body.Contains(text, StringComparison.Ordinal))
                {
                    return new HttpCheckResult(false, status, elapsed, $"HTTP {status} but the body does not contain '{text}'") { Location = location };
                }
            }

            return new HttpCheckResult(true, status, elapsed, $"HTTP {status} in {Milliseconds(elapsed)} ms") { Location = location };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpCheckResult(false, null, Stopwatch.GetElapsedTime(started), $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            // A refused certificate says why in the inner exception; the outer one only says "see inner exception".
            var reason = e.InnerException is AuthenticationException tls ? tls.Message : e.Message;
            return new HttpCheckResult(false, null, Stopwatch.GetElapsedTime(started), $"request failed: {reason}");
        }
    }

    private static int Milliseconds(TimeSpan elapsed) => (int)elapsed.TotalMilliseconds;
}
