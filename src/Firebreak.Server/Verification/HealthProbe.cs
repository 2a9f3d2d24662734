using System.Diagnostics;
using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;

namespace Firebreak.Server.Verification;

/// <summary>Runs a service's HTTP health checks: expected status, optional body match, timeout.</summary>
public sealed class HealthProbe(TimeProvider clock) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>One result per service: it passes when all its checks pass.</summary>
    public async Task<CheckResult> CheckServiceAsync(ServiceConfig service, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var passes = new List<string>();
        foreach (var check in service.HealthChecks)
        {
            var (passed, detail) = await CheckAsync(check, cancellationToken);
            (passed ? passes : failures).Add($"{check.Name}: {detail}");
        }

        return new CheckResult(service.Name, failures.Count == 0, string.Join("; ", failures.Count > 0 ? failures : passes));
    }

    public async Task<(bool Passed, string Detail)> CheckAsync(HealthCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(check.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.GetAsync(check.Url, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var elapsed = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if ((int)response.StatusCode != check.ExpectStatus)
            {
                return (false, $"expected HTTP {check.ExpectStatus}, got {(int)response.StatusCode} after {elapsed} ms");
            }

            if (check.BodyContains is { } expected)
            {
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (!body.Contains(expected, StringComparison.Ordinal))
                {
                    return (false, $"HTTP {(int)response.StatusCode} but the body does not contain '{expected}'");
                }
            }

            return (true, $"HTTP {(int)response.StatusCode} in {elapsed} ms");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {check.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return (false, $"request failed: {e.Message}");
        }
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Dispose() => _http.Dispose();
}
