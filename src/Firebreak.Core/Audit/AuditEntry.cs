namespace Firebreak.Core.Audit;

/// <summary>
/// One recorded action: who did it (a username, or the name tried at a failed sign-in), when, from
/// which client address, what kind, what it was done to (an account, a token, an incident) and a
/// sentence saying what happened.
/// </summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    AuditKind Kind,
    string? Subject,
    string? ClientAddress,
    string Detail);
