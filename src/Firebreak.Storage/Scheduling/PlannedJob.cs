using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Scheduling;

/// <summary>
/// A deadline a subject (a stream) needs for one purpose: due at <see cref="DueAt"/>, or none (the
/// row is removed). With <see cref="KeepExisting"/>, an existing row keeps its time.
/// </summary>
public sealed record PlannedJob(StreamId Subject, string Purpose, DateTimeOffset? DueAt, bool KeepExisting = false);

/// <summary>A due row as the scheduler picks it up; <see cref="Purpose"/> names the module that runs it.</summary>
public sealed record ScheduledJob(StreamId Subject, string Purpose, DateTimeOffset DueAt, int Attempts)
{
    /// <summary>How logs and operators name the row: <c>incident:7:guardrails</c>.</summary>
    public string Key => $"{Subject}:{Purpose}";
}
