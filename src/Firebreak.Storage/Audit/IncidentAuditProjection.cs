using Firebreak.Core.Audit;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Audit;

/// <summary>
/// The incident events the audit log keeps, written in the append's transaction: guardrail
/// overrides, and who became a member of a private incident (members are never removed, so this is
/// who can see it).
/// </summary>
public sealed class IncidentAuditProjection : IProjection
{
    public bool Handles(string streamType) => streamType == IncidentStore.StreamType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not IncidentState after)
        {
            return;
        }

        foreach (var e in append.Events)
        {
            if (e.Event is GuardrailOverridden overridden)
            {
                await AuditLog.InsertAsync(
                    scope,
                    new AuditEntry(0, e.OccurredAt, e.Actor, AuditKind.GuardrailOverridden, after.Key, append.Origin,
                        $"Overrode the {overridden.Guardrail} guardrail on {after.Key}: {overridden.Reason}"),
                    cancellationToken);
            }
        }

        var before = append.Before as IncidentState;
        if (!after.Private && before is not { Private: true })
        {
            return;
        }

        var actor = append.Events[^1].Actor;
        var was = before?.Members ?? [];
        foreach (var added in after.Members.Except(was, StringComparer.Ordinal))
        {
            await AuditLog.InsertAsync(
                scope,
                new AuditEntry(0, append.At, actor, AuditKind.MemberAdded, after.Key, append.Origin, $"{added} became a member of private incident {after.Key}."),
                cancellationToken);
        }
    }
}
