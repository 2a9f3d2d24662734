using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Server.Triage;

public static class TriageMapping
{
    /// <summary>The answers of a web form or query string, read by field name (empty means unanswered).</summary>
    public static TriageRequest FromFields(Func<string, string?> field)
    {
        string? Get(string name) => field(name) is { Length: > 0 } value ? value : null;
        return new TriageRequest
        {
            UsersAffected = Get("usersAffected"),
            CoreFeatureBroken = Get("coreFeatureBroken"),
            DataLoss = Get("dataLoss"),
            Workaround = Get("workaround"),
            SecurityBreach = Get("securityBreach"),
            RecentChange = Get("recentChange"),
            RollbackPossible = Get("rollbackPossible"),
        };
    }

    /// <summary>The services of a form's comma-separated field, for the changes triage names.</summary>
    public static List<string> ServicesFrom(string? field) =>
        [.. (field ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Whether any question was answered.</summary>
    public static bool AnyAnswer(this TriageRequest r) =>
        r.UsersAffected is not null || r.CoreFeatureBroken is not null || r.DataLoss is not null || r.Workaround is not null
        || r.SecurityBreach is not null || r.RecentChange is not null || r.RollbackPossible is not null;

    /// <summary>
    /// Turns the wire answers into typed ones, naming the field of any unknown answer as the request
    /// spells it: under "triage." when nested in a declaration, at the top level for POST /triage.
    /// </summary>
    public static Result<TriageAnswers> ToAnswers(this TriageRequest r, string fieldPrefix = "triage.")
    {
        if (fieldPrefix.Length > 0 && r.Services is not null)
        {
            return new Invalid($"{fieldPrefix}services", "Name the services at the top level of the declaration ('services'), not inside 'triage'.");
        }

        if (!Parse<UsersAffected>(r.UsersAffected, out var users))
        {
            return new Invalid($"{fieldPrefix}usersAffected", $"'{r.UsersAffected}' is not an answer: use none, some, most, all or unknown.");
        }

        var answers = new Dictionary<string, Answer>();
        foreach (var (field, text) in new[]
                 {
                     ("coreFeatureBroken", r.CoreFeatureBroken), ("dataLoss", r.DataLoss), ("workaround", r.Workaround),
                     ("securityBreach", r.SecurityBreach), ("recentChange", r.RecentChange), ("rollbackPossible", r.RollbackPossible),
                 })
        {
            if (!Parse<Answer>(text, out var answer))
            {
                return new Invalid($"{fieldPrefix}{field}", $"'{text}' is not an answer to {field}: use yes, no or unknown.");
            }

            answers[field] = answer;
        }

        return new TriageAnswers
        {
            UsersAffected = users,
            CoreFeatureBroken = answers["coreFeatureBroken"],
            DataLoss = answers["dataLoss"],
            Workaround = answers["workaround"],
            SecurityBreach = answers["securityBreach"],
            RecentChange = answers["recentChange"],
            RollbackPossible = answers["rollbackPossible"],
            StartedAt = r.StartedAt,
        };
    }

    private static bool Parse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = default;
            return true;
        }

        return WireNames.TryParse(text, out value);
    }
}
