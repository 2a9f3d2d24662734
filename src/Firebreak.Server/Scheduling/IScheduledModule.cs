using Firebreak.Storage.Scheduling;

namespace Firebreak.Server.Scheduling;

/// <summary>
/// Background work for one purpose: runs a due row (a subject's deadline) and says when it is due
/// next (null: done). Must be idempotent: after a crash a row may run again.
/// </summary>
public interface IScheduledModule
{
    /// <summary>The purpose of the deadline rows this module runs (unique across slices).</summary>
    string Purpose { get; }

    Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken);
}
