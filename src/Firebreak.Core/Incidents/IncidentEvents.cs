namespace Firebreak.Core.Incidents;

/// <summary>Something that happened to an incident. Stored under a stable type name, never rewritten.</summary>
public interface IIncidentEvent;

/// <summary>The incident was declared.</summary>
public sealed record IncidentDeclared(
    string Title,
    string Severity,
    string? Summary,
    string? Impact,
    IReadOnlyList<string> Services,
    DateTimeOffset StartedAt,
    bool Private,
    IncidentStatus Status) : IIncidentEvent;

/// <summary>A responder wrote a typed entry on the timeline.</summary>
public sealed record TimelineEntryAdded(EntryKind Kind, string Text) : IIncidentEvent;

/// <summary>A timeline entry was pinned as a key moment.</summary>
public sealed record EntryPinned(long Entry) : IIncidentEvent;

/// <summary>A pinned entry was unpinned.</summary>
public sealed record EntryUnpinned(long Entry) : IIncidentEvent;

/// <summary>The incident moved along its lifecycle.</summary>
public sealed record StatusChanged(IncidentStatus From, IncidentStatus To, string? Reason) : IIncidentEvent;

/// <summary>The incident was upgraded or downgraded.</summary>
public sealed record SeverityChanged(string From, string To, string Reason) : IIncidentEvent;

/// <summary>Someone took a role; <see cref="PreviousHolder"/> is set for a handoff.</summary>
public sealed record RoleAssigned(string Role, string Holder, string? PreviousHolder) : IIncidentEvent;

/// <summary>Someone joined the response.</summary>
public sealed record ResponderJoined(string Responder) : IIncidentEvent;

/// <summary>Someone left the response.</summary>
public sealed record ResponderLeft(string Responder) : IIncidentEvent;

/// <summary>The report was a false alarm (only from triage).</summary>
public sealed record IncidentDeclined(string Reason) : IIncidentEvent;

/// <summary>An event with its place in the stream, who caused it and when.</summary>
public sealed record RecordedEvent(long IncidentId, long Version, IIncidentEvent Event, string Actor, DateTimeOffset OccurredAt);
