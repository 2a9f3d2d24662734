using System.Text.RegularExpressions;

namespace Firebreak.Core.ActionItems;

/// <summary>
/// Checks that an action item can be assigned, scheduled and verified: a title that says what will
/// change, an owner, a due date and a type.
/// </summary>
/// <remarks>
/// <para>
/// The vague rule: an exploring or attitude phrase ("investigate", "look into", "consider", "be more
/// careful", "pay more attention" …) is vague whatever follows, because it names no change to make.
/// A phrase of degree ("improve", "better", "more testing", "monitor more closely", "make sure",
/// "double-check") is acceptable when a concrete object follows it and, after that object, a measure
/// (a number, or a rhythm such as "weekly" or "every deploy") or a named mechanism (an alert, a
/// timeout, a back-off, a rate limit, a canary, a lint rule …): "Improve the retry loop to back off
/// exponentially with a 30 s cap" passes, "Improve monitoring" does not.
/// </para>
/// <para>
/// A title is too short below <see cref="MinimumWords"/> words; a vague title is reported as vague
/// only, since that is the more useful fix.
/// </para>
/// </remarks>
public static partial class VagueActions
{
    /// <summary>The fewest words a title needs to say what is done to what.</summary>
    public const int MinimumWords = 3;

    private const string DegreeMessage = "Says the direction but not the change, so no one can tell when it is done";
    private const string DegreeFix = "Name what changes and the measure that proves it: the thing to add or change (an alert, a limit, a test), where, and the number or behaviour that marks it done — \"Add an alert on checkout 5xx above 2% for 5 minutes\".";
    private const string AttitudeMessage = "Asks people for more care, which no one can schedule or verify";
    private const string AttitudeFix = "Replace the request for care with a safeguard someone can build — a check, a confirmation step, an automated guard — and name it, so it has an owner and a date.";
    private const string ExploreMessage = "Names an activity, not its result, so it has no end";
    private const string ExploreFix = "Name the result that ends the work — the decision, document or change — and give it a date: \"Write a runbook for the failover\", \"Decide whether to shard the orders table\".";

    /// <summary>The phrases the vague rule looks for, in the order they are tried.</summary>
    public static IReadOnlyList<VaguePhrase> Phrases { get; } =
    [
        new(@"\binvestigat(?:e|es|ed|ing|ion)\b", false, ExploreMessage, ExploreFix),
        new(@"\blook(?:s|ing)?\s+into\b", false, ExploreMessage, ExploreFix),
        new(@"\bconsider(?:s|ed|ing)?\b", false, ExploreMessage, ExploreFix),
        new(@"\bthink(?:ing)?\s+(?:about|through)\b", false, ExploreMessage, ExploreFix),
        new(@"\bre-?visit(?:s|ed|ing)?\b", false, ExploreMessage, ExploreFix),
        new(@"\b(?:try|trying|attempt)\s+to\b", false, ExploreMessage, ExploreFix),
        new(@"\bexplore\b", false, ExploreMessage, ExploreFix),
        new(@"\bbe\s+(?:more\s+)?(?:careful|cautious|vigilant|diligent)\b|\b(?:more|extra)\s+(?:care|caution)\b", false, AttitudeMessage, AttitudeFix),
        new(@"\bpay\s+(?:more\s+|closer\s+|extra\s+)?attention\b", false, AttitudeMessage, AttitudeFix),
        new(@"\bbe\s+(?:more\s+)?aware\b|\braise\s+awareness\b", false, AttitudeMessage, AttitudeFix),
        new(@"\bimprov(?:e|es|ed|ing|ement|ements)\b", true, DegreeMessage, DegreeFix),
        new(@"\bbetter\b", true, DegreeMessage, DegreeFix),
        new(@"\bmore\s+(?:testing|tests|monitoring|alerting|alerts|logging|logs|reviews?|checks|coverage|documentation|docs)\b", true, DegreeMessage, DegreeFix),
        new(@"\bmonitor(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:more\s+)?(?:closely|carefully)\b", true, DegreeMessage, DegreeFix),
        new(@"\bmake\s+sure\b", true, DegreeMessage, DegreeFix),
        new(@"\bdouble[\s-]?check(?:s|ed|ing)?\b", true, DegreeMessage, DegreeFix),
    ];

    private static readonly Regex[] Compiled =
        [.. Phrases.Select(p => new Regex(p.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];

    /// <summary>What keeps the item from being assigned, scheduled or verified, in the order title, owner, due date, type; empty when nothing does.</summary>
    public static IReadOnlyList<ActionFinding> Check(string title, string? owner, DateOnly? due, ActionType? type)
    {
        ArgumentNullException.ThrowIfNull(title);
        var findings = new List<ActionFinding>();
        if (Vague(title) is { } vague)
        {
            findings.Add(vague);
        }
        else if (Word().Count(title) < MinimumWords)
        {
            findings.Add(new(
                "too-short",
                $"The title has fewer than {MinimumWords} words; no one else could tell what is to be done.",
                "Write what is done, to what, and where: \"Add a timeout to the payment client's calls\"."));
        }

        if (string.IsNullOrWhiteSpace(owner))
        {
            findings.Add(new(
                "missing-owner",
                "No owner: an item that belongs to everyone is done by no one.",
                "Assign one person (not a team or a channel) who will see it through and say when it is done."));
        }

        if (due is null)
        {
            findings.Add(new(
                "missing-due",
                "No due date: it cannot be planned or followed up.",
                "Set a due date the owner agrees to, so the review can see what is late."));
        }

        if (type is null)
        {
            findings.Add(new(
                "missing-type",
                "No type: it is not clear whether it prevents, detects or mitigates.",
                "Choose prevent (stops it happening again), detect (notices it sooner) or mitigate (makes it hurt less), so the balance of the follow-up can be seen."));
        }

        return findings;
    }

    private static ActionFinding? Vague(string title)
    {
        for (var i = 0; i < Phrases.Count; i++)
        {
            var match = Compiled[i].Match(title);
            if (!match.Success)
            {
                continue;
            }

            var phrase = Phrases[i];
            if (phrase.ConcreteAllowed && Concrete(title[(match.Index + match.Length)..]))
            {
                continue;
            }

            return new ActionFinding("vague", $"{phrase.Message} (\"{match.Value}\").", phrase.Fix);
        }

        return null;
    }

    /// <summary>An object (its first content word), then after it a measure or a named mechanism.</summary>
    private static bool Concrete(string rest)
    {
        var word = ContentWord().Match(rest);
        if (!word.Success)
        {
            return false;
        }

        var after = rest[(word.Index + word.Length)..];
        return Measure().IsMatch(after) || Mechanism().IsMatch(after);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")]
    private static partial Regex Word();

    /// <summary>A word that is not an article, a possessive or a joining word.</summary>
    [GeneratedRegex(@"\b(?!(?:the|a|an|our|its|their|this|that|these|those|all|any|some|of|for|on|in|to|and|or|with|by|around)\b)[\p{L}\p{N}][\p{L}\p{N}'’-]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentWord();

    [GeneratedRegex(@"\b\d|\b(?:hourly|daily|weekly|monthly|every\s+(?:deploy|release|hour|day|week|month))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Measure();

    [GeneratedRegex(@"\b(?:alert|alarm|runbook|timeouts?|retr(?:y|ies)|back(?:[\s-])?offs?|backs\s+off|exponential(?:ly)?|jitter|rate[\s-]limit(?:s|ing)?|circuit[\s-]breakers?|canar(?:y|ies)|feature[\s-]flags?|dashboard|lint(?:er|ing)?(?:\s+rule)?|health[\s-]checks?|SLOs?|thresholds?|quotas?|locks?|schema\s+checks?|validation|automat(?:e|ed|ion|ically)|script|cron|(?:unit|integration|contract|load|smoke|regression)\s+tests?|tests?\s+that|CI\s+(?:check|step|gate)s?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Mechanism();
}
