namespace Firebreak.Storage.Scheduling;

/// <summary>
/// A deadline an incident needs: due at <see cref="DueAt"/>, or none (the row is removed).
/// With <see cref="KeepExisting"/>, an existing row keeps its time.
/// </summary>
public sealed record PlannedJob(string Key, string Kind, long? IncidentId, DateTimeOffset? DueAt, bool KeepExisting = false);

/// <summary>A due row as the scheduler picks it up.</summary>
public sealed record ScheduledJob(string Key, string Kind, long? IncidentId, DateTimeOffset DueAt, int Attempts);

/// <summary>Decides, from an incident's new state, which deadlines it needs; runs inside the append's transaction.</summary>
public interface IJobPlanner
{
    IEnumerable<PlannedJob> Plan(Core.Incidents.IncidentState state, DateTimeOffset at);
}
