using Firebreak.Core.Audit;
using Firebreak.Core.Incidents;

namespace Firebreak.Server.Audit;

/// <summary>One audit entry on the wire; kind is its wire name (sign-in, token-created, …).</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Kind, string? Subject, string? ClientAddress, string Detail)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.Id, e.At, e.Actor, WireNames.Of(e.Kind), e.Subject, e.ClientAddress, e.Detail);
}

/// <summary>A page of entries, newest first; <see cref="Next"/> is the before= value for the next (older) page, null at the end.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, long? Next)
{
    public static AuditPageDto From(IReadOnlyList<AuditEntry> entries, AuditQuery query) =>
        new([.. entries.Select(AuditEntryDto.From)], entries.Count == query.Limit ? entries[^1].Id : null);
}
