using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Incidents;

/// <summary>The incident event store and its read model.</summary>
public interface IIncidentStore
{
    /// <summary>Starts a new stream with the declaration events; the store numbers the incident.</summary>
    Task<Appended> CreateAsync(IReadOnlyList<IIncidentEvent> events, string actor, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Decides and appends atomically: <paramref name="decide"/> runs on the current state inside the
    /// write transaction. With <paramref name="expectedVersion"/> set, a different current version is a <see cref="Conflict"/>.
    /// </summary>
    Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>
    /// As above, with <paramref name="admit"/> checked on the locked state (null: no such incident)
    /// before anything else, the version included: a caller it refuses learns nothing more, not even
    /// that the version moved.
    /// </summary>
    Task<Result<Appended>> AppendAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState?, Error?> admit,
        Func<IncidentState, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken);

    Task<IncidentState?> GetAsync(long incidentId, CancellationToken cancellationToken);

    Task<IncidentPage> ListAsync(IncidentQuery query, Viewer viewer, CancellationToken cancellationToken);

    /// <summary>Events after <paramref name="afterVersion"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(long incidentId, long afterVersion, int limit, CancellationToken cancellationToken);

    Task<RecordedEvent?> ReadOneAsync(long incidentId, long version, CancellationToken cancellationToken);

    /// <summary>Keeps the evidence content and appends what <paramref name="decide"/> returns for its number within the incident, in one transaction.</summary>
    Task<Result<Appended>> AttachEvidenceAsync(
        long incidentId,
        long? expectedVersion,
        NewEvidence evidence,
        Func<IncidentState, long, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>Rebuilds every incident's read model from its events when the stored snapshot shape is not the current one.</summary>
    Task<int> EnsureSnapshotsAsync(CancellationToken cancellationToken);

    /// <summary>Folds every incident's events again and rewrites its read model.</summary>
    Task<int> RebuildAsync(CancellationToken cancellationToken);

    /// <summary>As above, with <paramref name="admit"/> checked on the locked state before the evidence is kept.</summary>
    Task<Result<Appended>> AttachEvidenceAsync(
        long incidentId,
        long? expectedVersion,
        Func<IncidentState?, Error?> admit,
        NewEvidence evidence,
        Func<IncidentState, long, Result<IReadOnlyList<IIncidentEvent>>> decide,
        string actor,
        DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>The incident's evidence, without content.</summary>
    Task<IReadOnlyList<StoredEvidence>> ListEvidenceAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>The incident's evidence <paramref name="number"/> with its content.</summary>
    Task<StoredEvidence?> GetEvidenceAsync(long incidentId, long number, CancellationToken cancellationToken);
}
