using System.Globalization;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<RuleVerdict>))]
public enum RuleVerdict
{
    /// <summary>It fires for something a person must act on: keep it as it is.</summary>
    [JsonStringEnumMemberName("actionable")] Actionable,

    /// <summary>It fires without a person having to act: change its threshold, its duration, or drop it.</summary>
    [JsonStringEnumMemberName("tune")] Tune,
}

/// <summary>A person's word on an alert rule in a month's review.</summary>
public sealed record RuleReviewed(string Rule, string Month, RuleVerdict Verdict, string? Note) : IEvent;

/// <summary>An alert rule's last review (its own stream, id: the rule).</summary>
public sealed record RuleReviewState(string Rule, string Month, RuleVerdict Verdict, string? Note, string By, DateTimeOffset At, long Version);

public static class RuleReviewEventTypes
{
    public static EventTypeMap Map { get; } = new(("alert-rule.reviewed.v1", typeof(RuleReviewed)));
}

/// <summary>One alert rule's figures over a month: how often it opened groups and fired, and how often that led anyone to act.</summary>
public sealed record RuleFigures(
    string Rule,
    string Integration,
    string Name,
    int Groups,
    long Fired,
    int LedToIncident,
    int AcknowledgedByPeople,
    int WithoutAction,
    double? MeanSecondsToAcknowledge,
    bool Noisy,
    RuleReviewState? Review);

/// <summary>
/// What the alerts of a window came to, for the learning report: the groups opened, how many led to an
/// incident or a person acknowledging them, how fast people acknowledged, and the rules that fired often
/// without leading to action (noisy), with how many of those a person has reviewed.
/// </summary>
public sealed record AlertWindowFigures(int Groups, int LedToAction, int AcknowledgedByPeople, double? MeanSecondsToAcknowledge, int NoisyRules, int NoisyReviewed)
{
    public static AlertWindowFigures From(IReadOnlyList<AlertGroupState> groups, IReadOnlyCollection<RuleReviewState> reviews, DateTimeOffset since)
    {
        var acknowledged = groups.Where(AlertFatigue.AcknowledgedByPerson).ToList();
        var noisy = groups.GroupBy(AlertFatigue.RuleOf, StringComparer.Ordinal)
            .Where(r => r.Count() >= AlertFatigue.MinGroups && r.Count(g => !AlertFatigue.LedToAction(g)) > r.Count() * AlertFatigue.MaxWithoutAction)
            .Select(r => r.Key)
            .ToList();
        var reviewed = reviews.Where(r => r.At >= since).Select(r => r.Rule).ToHashSet(StringComparer.Ordinal);
        return new AlertWindowFigures(
            groups.Count,
            groups.Count(AlertFatigue.LedToAction),
            acknowledged.Count,
            acknowledged.Count == 0 ? null : acknowledged.Average(g => (g.AcknowledgedAt!.Value - g.OpenedAt).TotalSeconds),
            noisy.Count,
            noisy.Count(reviewed.Contains));
    }
}

/// <summary>
/// The alert-fatigue guardrail: per alert rule (its integration and alertname — PagerDuty's class, else the
/// group's title), how often it fired and how often that led to an incident or a person acknowledging it.
/// A rule that opened at least <see cref="MinGroups"/> groups in the month, most of them without leading
/// to action, is on the month's review list until a person marks it actionable or to be tuned.
/// </summary>
public static class AlertFatigue
{
    public const int MinGroups = 3;

    /// <summary>More than this share of a rule's groups without action makes it noisy.</summary>
    public const double MaxWithoutAction = 0.5;

    public static string NameOf(AlertGroupState group) =>
        group.Labels.GetValueOrDefault("alertname") ?? group.Labels.GetValueOrDefault("class") ?? group.Title;

    public static string RuleOf(AlertGroupState group) => $"{group.Integration}/{NameOf(group)}";

    /// <summary>Whether a person (not the sender) acknowledged the group.</summary>
    public static bool AcknowledgedByPerson(AlertGroupState group) =>
        group.AcknowledgedAt is not null && group.AcknowledgedBy is { } by && !by.StartsWith("integration:", StringComparison.Ordinal);

    public static bool LedToAction(AlertGroupState group) => group.IncidentId is not null || AcknowledgedByPerson(group);

    /// <summary>The rules of the groups opened in a month, noisy ones first, then by how often they fired.</summary>
    public static IReadOnlyList<RuleFigures> Review(IEnumerable<AlertGroupState> groups, IReadOnlyDictionary<string, RuleReviewState> reviews, string month) =>
        [.. groups.GroupBy(RuleOf, StringComparer.Ordinal)
            .Select(rule =>
            {
                var list = rule.ToList();
                var acknowledged = list.Where(AcknowledgedByPerson).ToList();
                var without = list.Count(g => !LedToAction(g));
                var review = reviews.TryGetValue(rule.Key, out var r) && r.Month == month ? r : null;
                return new RuleFigures(
                    rule.Key,
                    list[0].Integration,
                    NameOf(list[0]),
                    list.Count,
                    list.Sum(g => g.Fired),
                    list.Count(g => g.IncidentId is not null),
                    acknowledged.Count,
                    without,
                    acknowledged.Count == 0 ? null : acknowledged.Average(g => (g.AcknowledgedAt!.Value - g.OpenedAt).TotalSeconds),
                    list.Count >= MinGroups && without > list.Count * MaxWithoutAction,
                    review);
            })
            .OrderByDescending(f => f.Noisy && f.Review is null).ThenByDescending(f => f.Noisy).ThenByDescending(f => f.Fired).ThenBy(f => f.Rule, StringComparer.Ordinal)];

    /// <summary>The one reading of a review month: YYYY-MM (UTC), this month when absent.</summary>
    public static Result<(string Month, DateTimeOffset From, DateTimeOffset To)> Month(string? text, DateTimeOffset now)
    {
        var month = string.IsNullOrWhiteSpace(text) ? now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) : text.Trim();
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var first))
        {
            return new Invalid("month", $"'{Text.Clip(month, 20)}' is not a month: write it as 2026-03.");
        }

        var from = new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (month, from, from.AddMonths(1));
    }

    public static Result<IReadOnlyList<IEvent>> DecideReview(string? rule, string? month, string? verdict, string? note, IReadOnlyCollection<string> knownRules, DateTimeOffset now)
    {
        if (Text.RequiredLine("rule", rule, 500, out var r) is { } badRule)
        {
            return badRule;
        }

        if (!knownRules.Contains(r))
        {
            return new NotFound($"No alert rule '{Text.Clip(r, 80)}' fired in that month; the review lists the rules that did.");
        }

        var read = Month(month, now);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        if (!WireNames.TryParse<RuleVerdict>(verdict, out var v))
        {
            return new Invalid("verdict", "Say what the rule is: actionable (someone must act when it fires) or tune (change or drop it).");
        }

        if (Text.OptionalLine("note", note, Limits.Reason, out var n) is { } badNote)
        {
            return badNote;
        }

        return Result<IReadOnlyList<IEvent>>.Ok([new RuleReviewed(r, read.Value.Month, v, n.Length == 0 ? null : n)]);
    }
}
