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
        var result = await HttpCheck.RunAsync(_http, check.Url, check.ExpectStatus, check.BodyContains, check.Timeout, cancellationToken);
        return (result.Passed, result.Detail);
    }

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Dispose() => _http.Dispose();
}
