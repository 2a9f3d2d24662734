using Firebreak.Storage.Scheduling;

namespace Firebreak.Server.Scheduling;

/// <summary>
/// Background work of one kind: runs a due row and says when it is due next (null: done). Must be
/// idempotent: after a crash a row may run again.
/// </summary>
public interface IScheduledModule
{
    string Kind { get; }

    Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken);
}
