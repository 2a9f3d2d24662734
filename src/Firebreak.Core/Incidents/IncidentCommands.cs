namespace Firebreak.Core.Incidents;

/// <summary>A request to change an incident, decided against its current state.</summary>
public interface IIncidentCommand;

public sealed record DeclareIncident(
    string? Title,
    string? Severity,
    string? Summary,
    string? Impact,
    IReadOnlyList<string>? Services,
    DateTimeOffset? StartedAt,
    bool Private,
    string? Status,
    string? Commander) : IIncidentCommand;

public sealed record AddEntry(string? Kind, string? Text) : IIncidentCommand;

/// <summary>Pins or unpins an entry. <see cref="Target"/> is the event at that version, looked up by the caller.</summary>
public sealed record PinEntry(long Entry, bool Pin, IIncidentEvent? Target) : IIncidentCommand;

public sealed record ChangeStatus(string? Status, string? Reason) : IIncidentCommand;

public sealed record ChangeSeverity(string? Severity, string? Reason) : IIncidentCommand;

public sealed record AssignRole(string? Role, string? Holder) : IIncidentCommand;

public sealed record JoinResponse : IIncidentCommand;

public sealed record LeaveResponse : IIncidentCommand;

public sealed record DeclineIncident(string? Reason) : IIncidentCommand;

/// <summary>What a decision needs besides the state: who acts, when, and the severity levels in force.</summary>
public sealed record DecisionContext(string Actor, DateTimeOffset Now, SeverityScale Severities);
