namespace Firebreak.Storage.Access;

/// <summary>
/// A web sign-in kept on the server. The cookie carries a secret whose SHA-256 names the row; the
/// session is live until it is ended, goes unused for the idle time, or reaches <see cref="ExpiresAt"/>.
/// </summary>
public sealed record Session(
    long Id,
    long UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt,
    string? ClientAddress);

/// <summary>A session with its account, as a request checks them.</summary>
public sealed record SessionGrant(Session Session, User User);

/// <summary>
/// What goes with a change to an account in its transaction: the audit entries that record it, and
/// whether the account's web sessions end.
/// </summary>
public sealed record AccountChange(IReadOnlyList<Core.Audit.AuditEntry> Audit, SessionEnd? EndSessions = null)
{
    public static readonly AccountChange None = new([]);
}

/// <summary>Every live session of an account ends at <see cref="At"/> for <see cref="Reason"/>, but <see cref="Keep"/> (the one making the change).</summary>
public sealed record SessionEnd(string Reason, DateTimeOffset At, long? Keep = null);
