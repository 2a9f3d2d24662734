using System.Collections.Concurrent;
using System.Globalization;
using Firebreak.Core.Alerts;
using Firebreak.Server.Alerts;
using Firebreak.Server.Configuration;
using Firebreak.Server.Scheduling;
using Firebreak.Server.Verification;
using Firebreak.Storage.Alerts;
using Firebreak.Storage.Probes;

namespace Firebreak.Server.Probes;

/// <summary>
/// Runs every configured probe at its interval on the node that holds the scheduler's lease, at most
/// <see cref="MaxConcurrent"/> at a time; keeps each result (<see cref="ProbeStore"/>); and when a probe's
/// verdict changes, raises or resolves its alert through the alert pipeline, as the integration
/// <c>probe:NAME</c> (so a failing probe groups, routes and declares like any alert).
/// </summary>
public sealed class ProbeRunner(FirebreakConfig config, ProbeIntegrations integrations, ProbeStore results, AlertStore alerts, SchedulerRunner scheduler, TimeProvider clock, IConfiguration configuration, ILogger<ProbeRunner> log) : BackgroundService
{
    public const int MaxConcurrent = 64;
    public const string AlertName = "ProbeFailed";

    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nextAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _lastPassed = new(StringComparer.Ordinal);

    public IReadOnlyList<ProbeConfig> Probes { get; } = [.. config.Services.SelectMany(s => s.Probes)];

    /// <summary>Starts every probe due at <paramref name="now"/> and waits for them (the loop does not wait; tests do).</summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        foreach (var probe in Probes)
        {
            if (_nextAt.GetValueOrDefault(probe.Name, DateTimeOffset.MinValue) > now || !_running.TryAdd(probe.Name, true))
            {
                continue;
            }

            _nextAt[probe.Name] = now + probe.Interval;
            started.Add(RunOneAsync(probe, cancellationToken));
        }

        await Task.WhenAll(started);
        return started.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Probes.Count == 0 || !configuration.GetValue("scheduler:enabled", true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (await scheduler.HoldLeaseAsync(now, stoppingToken))
                {
                    _ = RunDueAsync(now, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The probes could not run this round");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunOneAsync(ProbeConfig probe, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var report = await CheckProbe.RunAsync(probe.Url, probe.ExpectStatus, probe.BodyContains, probe.Timeout, insecure: false, cancellationToken);
            var now = clock.GetUtcNow();
            var (passed, detail) = Judge(probe, report, now);
            await results.RecordAsync(new ProbeResult(probe.Name, now, passed, report.Result.Status, (int)report.Result.Elapsed.TotalMilliseconds, detail), cancellationToken);
            if (_lastPassed.TryGetValue(probe.Name, out var before) && before == passed)
            {
                return;   // the verdict did not change: nothing to tell the alert pipeline
            }

            _lastPassed[probe.Name] = passed;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = AlertName, ["probe"] = probe.Name, ["service"] = probe.Service };
            var alert = new IncomingAlert(
                "probe:" + probe.Name,
                passed ? AlertStatus.Resolved : AlertStatus.Firing,
                $"{probe.Name}: {detail}",
                labels,
                new Dictionary<string, string> { ["url"] = probe.Url.ToString(), ["detail"] = detail },
                now,
                passed ? now : null,
                probe.Url.ToString());
            var integration = integrations.Of(probe);
            await alerts.IntakeAsync(integration.Name, integration.Policy, new IntakeBatch([alert]), "probe:" + probe.Name, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "The probe {Probe} could not record its result", probe.Name);
            _lastPassed.TryRemove(probe.Name, out _);
        }
        finally
        {
            _running.TryRemove(probe.Name, out _);
            _slots.Release();
        }
    }

    /// <summary>The verdict: the check's, then the latency threshold, then the certificate's days left; with where it resolved.</summary>
    public static (bool Passed, string Detail) Judge(ProbeConfig probe, CheckProbe.Report report, DateTimeOffset now)
    {
        var address = report.Resolved.Count == 0 ? string.Empty : $" ({string.Join(", ", report.Resolved.Take(3))})";
        if (!report.Result.Passed)
        {
            return (false, report.Result.Detail + address);
        }

        if (probe.Latency is { } limit && report.Result.Elapsed > limit)
        {
            return (false, $"slow: {(int)report.Result.Elapsed.TotalMilliseconds} ms against a limit of {(int)limit.TotalMilliseconds} ms{address}");
        }

        if (probe.CertExpiryDays is { } days && report.Certificate is { } certificate && certificate.DaysLeft(now) < days)
        {
            return (false, $"the TLS certificate expires in {certificate.DaysLeft(now).ToString(CultureInfo.InvariantCulture)} days ({certificate.NotAfter.UtcDateTime:yyyy-MM-dd}), within the {days.ToString(CultureInfo.InvariantCulture)} days warned of{address}");
        }

        return (true, report.Result.Detail + address);
    }
}

/// <summary>The integration each probe's alerts come in as (probe:NAME), made once from the configuration; never matched by a sender's key.</summary>
public sealed class ProbeIntegrations(FirebreakConfig config)
{
    private readonly Dictionary<string, AlertIntegration> _byName = config.Services.SelectMany(s => s.Probes).Select(p => new AlertIntegration(
            "probe:" + p.Name,
            "probe",
            System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            new AlertPolicy
            {
                Service = p.Service,
                GroupBy = ["probe"],
                Declare = p.DeclareSeverity is { } severity ? [new DeclareRule(LabelMatch.Any, severity, Triage: false)] : [],
            }))
        .ToDictionary(i => i.Name, StringComparer.Ordinal);

    public AlertIntegration Of(ProbeConfig probe) => _byName["probe:" + probe.Name];

    public AlertIntegration? Named(string name) => _byName.GetValueOrDefault(name);
}
