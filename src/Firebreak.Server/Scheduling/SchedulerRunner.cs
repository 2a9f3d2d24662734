using Firebreak.Storage.Scheduling;

namespace Firebreak.Server.Scheduling;

/// <summary>
/// The one scheduler loop: on the node holding the lease, picks up due rows and hands each to its
/// module. Tests drive it with <see cref="RunOnceAsync"/> and a fake clock.
/// </summary>
public sealed partial class SchedulerRunner(
    SchedulerStore store,
    IEnumerable<IScheduledModule> modules,
    TimeProvider clock,
    IConfiguration configuration,
    Hosting.FirebreakOptions options,
    Hosting.DatabaseReadiness readiness,
    ILogger<SchedulerRunner> logger) : BackgroundService
{
    public const string LeaseName = "scheduler";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, IScheduledModule> _modules = modules.ToDictionary(m => m.Purpose);
    // Stable across restarts of the same node, so a node that crashed takes its lease straight back
    // instead of waiting for it to expire; distinct nodes differ by machine or address.
    private readonly string _holder = $"{Environment.MachineName} {options.Urls}";
    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private DateTimeOffset _leaseUntil = DateTimeOffset.MinValue;

    /// <summary>
    /// Whether this node holds the scheduler's lease at <paramref name="now"/>, taking or renewing it
    /// when half of it is used up (an idle server should not write every tick). Every piece of
    /// background work that must run on one node only (the scheduler's rows, the outbox's dispatcher) asks here.
    /// </summary>
    public async Task<bool> HoldLeaseAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _leaseGate.WaitAsync(cancellationToken);
        try
        {
            if (now + (LeaseTtl / 2) < _leaseUntil)
            {
                return true;
            }

            if (!await store.TryAcquireLeaseAsync(LeaseName, _holder, now, LeaseTtl, cancellationToken))
            {
                _leaseUntil = DateTimeOffset.MinValue;
                return false;
            }

            _leaseUntil = now + LeaseTtl;
            return true;
        }
        finally
        {
            _leaseGate.Release();
        }
    }

    /// <summary>Runs every due row once; returns how many ran.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await HoldLeaseAsync(now, cancellationToken))
        {
            return 0;
        }

        var ran = 0;
        foreach (var job in await store.DueAsync(now, 200, cancellationToken))
        {
            try
            {
                var next = _modules.TryGetValue(job.Purpose, out var module) ? await module.RunAsync(job, now, cancellationToken) : null;
                await store.CompleteAsync(job, next, cancellationToken);
                ran++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var retry = now + TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(job.Attempts + 1, 9))));
                LogJobFailed(job.Key, job.Attempts + 1, e.Message);
                await store.FailAsync(job, e.Message, retry, cancellationToken);
            }
        }

        return ran;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("scheduler:enabled", true) || !await readiness.WaitUntilReadyAsync(stoppingToken))
        {
            return;
        }

        var tick = TimeSpan.FromMilliseconds(configuration.GetValue("scheduler:tickMs", 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoopFailed(e.Message);
            }

            try
            {
                await Task.Delay(tick, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled job {Key} failed (attempt {Attempt}): {Error}")]
    private partial void LogJobFailed(string key, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler loop failed and will retry: {Error}")]
    private partial void LogLoopFailed(string error);
}
