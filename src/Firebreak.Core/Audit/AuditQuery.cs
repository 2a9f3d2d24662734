using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Audit;

/// <summary>A page of the audit log, newest first: entries before <see cref="Before"/> (an entry id), optionally of one actor and kind.</summary>
public sealed record AuditQuery(string? Actor, AuditKind? Kind, long? Before, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// Reads the filters every interface offers (actor, kind, before, limit) from named text values,
    /// as the query string gives them; the error names the parameter and what it accepts.
    /// </summary>
    public static Result<AuditQuery> Parse(Func<string, IReadOnlyList<string>> values)
    {
        var kindText = string.Join(',', values("kind")).Trim();
        AuditKind? kind = null;
        if (kindText.Length > 0)
        {
            if (!WireNames.TryParse<AuditKind>(kindText, out var k))
            {
                return new Invalid("kind", $"Unknown kind '{kindText}': use one of {string.Join(", ", WireNames.All<AuditKind>())}.");
            }

            kind = k;
        }

        var before = IncidentQuery.ReadNumber(values, "before", 0, 1, long.MaxValue);
        var limit = IncidentQuery.ReadNumber(values, "limit", DefaultLimit, 1, MaxLimit);
        if ((before.Error ?? limit.Error) is { } error)
        {
            return error;
        }

        var actor = string.Join(',', values("actor")).Trim();
        if (actor.Length > 200)
        {
            return new Invalid("actor", "'actor' is longer than 200 characters; give a username.");
        }

        return new AuditQuery(
            actor.Length == 0 ? null : Accounts.NormalizeUsername(actor),
            kind,
            before.Value == 0 ? null : before.Value,
            (int)limit.Value);
    }
}
