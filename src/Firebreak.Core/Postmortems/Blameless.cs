using System.Text.RegularExpressions;

namespace Firebreak.Core.Postmortems;

/// <summary>
/// Finds wording in a postmortem or a timeline entry that blames a person instead of explaining what
/// let the failure happen. The rules are data: the defaults, plus any configured rules, minus any
/// disabled by id. A configured rule with the id of a default replaces it.
/// </summary>
/// <remarks>
/// A match is left alone when a negation comes just before it in the same clause — up to three words
/// after "no one", "nobody", "not", "never", "no", "without" or a word ending in n't, with no
/// punctuation or joining word ("because", "but", "and", …) between — so "no one is to blame" and
/// "this was not human error" pass. When two rules find the very same words, the first rule in order
/// reports them; rules that find overlapping but different words each report their own.
/// </remarks>
public sealed partial class BlamelessCheck
{
    /// <summary>The placeholder a pattern uses for a person.</summary>
    public const string PersonPlaceholder = "{person}";

    /// <summary>An @mention, but not the domain of an e-mail address.</summary>
    private const string Mention = @"(?<![\w.+-])@\w(?:[\w.-]*\w)?";

    /// <summary>Configured patterns are run by the backtracking engine; a runaway one gives up rather than hang a save.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly LanguageRule[] rules;

    /// <summary>Each rule's pattern compiled once when it does not depend on the people; null when it does.</summary>
    private readonly Regex?[] compiled;

    /// <summary>Builds the check from the default rules, <paramref name="extra"/> rules and the ids in <paramref name="disabled"/>.</summary>
    /// <exception cref="ArgumentException">An extra rule has no id, no message, no suggestion or a pattern that is not a valid regular expression; the message names the rule.</exception>
    public BlamelessCheck(IEnumerable<LanguageRule>? extra = null, IEnumerable<string>? disabled = null)
    {
        var chosen = DefaultRules.ToList();
        foreach (var rule in extra ?? [])
        {
            if (Problem(rule, out var cause) is { } problem)
            {
                throw new ArgumentException(problem, nameof(extra), cause);
            }

            var same = chosen.FindIndex(r => string.Equals(r.Id, rule.Id, StringComparison.OrdinalIgnoreCase));
            if (same >= 0)
            {
                chosen[same] = rule;
            }
            else
            {
                chosen.Add(rule);
            }
        }

        var off = new HashSet<string>(disabled ?? [], StringComparer.OrdinalIgnoreCase);
        rules = [.. chosen.Where(r => !off.Contains(r.Id))];
        compiled = [.. rules.Select(r => r.Pattern.Contains(PersonPlaceholder, StringComparison.Ordinal) ? null : Compile(r.Pattern, PersonPattern([])))];
    }

    /// <summary>The rules in force, in the order they are applied.</summary>
    public IReadOnlyList<LanguageRule> Rules => rules;

    /// <summary>
    /// The blaming wording in <paramref name="text"/>, in text order (by start, the longer first where two
    /// start together), at most one finding for the same words. <paramref name="people"/> are the names
    /// <c>{person}</c> stands for, matched as whole words, never inside another word or an e-mail address.
    /// </summary>
    public IReadOnlyList<LanguageFinding> Check(string text, IReadOnlyCollection<string> people)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(people);

        var person = PersonPattern(people);
        var spans = new HashSet<(int Start, int Length)>();
        var findings = new List<LanguageFinding>();
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var regex = compiled[i] ?? Compile(rule.Pattern, person);
            try
            {
                foreach (Match match in regex.Matches(text))
                {
                    if (match.Length == 0 || Negated(text, match.Index) || !spans.Add((match.Index, match.Length)))
                    {
                        continue;
                    }

                    findings.Add(new LanguageFinding(rule.Id, match.Index, match.Length, match.Value, rule.Message, rule.Suggestion));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // The check advises; a pattern too slow for this text finds nothing rather than refuse the text.
            }
        }

        return [.. findings.OrderBy(f => f.Start).ThenByDescending(f => f.Length)];
    }

    /// <summary>What is wrong with a configured rule, or null when it can be used.</summary>
    private static string? Problem(LanguageRule? rule, out Exception? cause)
    {
        cause = null;
        if (rule is null || string.IsNullOrWhiteSpace(rule.Id))
        {
            return "A language rule has no id.";
        }

        if (string.IsNullOrWhiteSpace(rule.Message) || string.IsNullOrWhiteSpace(rule.Suggestion))
        {
            return $"Language rule \"{rule.Id}\" needs both a message and a suggestion.";
        }

        if (string.IsNullOrEmpty(rule.Pattern))
        {
            return $"Language rule \"{rule.Id}\" has no pattern.";
        }

        try
        {
            _ = Compile(rule.Pattern, PersonPattern(["Alex Example"]));
            return null;
        }
        catch (ArgumentException e)
        {
            cause = e;
            return $"Language rule \"{rule.Id}\": the pattern is not a valid regular expression ({e.Message}).";
        }
    }

    private static Regex Compile(string pattern, string person) =>
        new(pattern.Replace(PersonPlaceholder, person, StringComparison.Ordinal), Options, MatchTimeout);

    /// <summary>
    /// The known names as whole words (not inside a longer word, not the local part of an e-mail
    /// address), longest first so a full name wins over a first name, and any @mention.
    /// </summary>
    private static string PersonPattern(IReadOnlyCollection<string> people)
    {
        var names = people
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => p.Trim().TrimStart('@'))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(p => p.Length)
            .Select(p => string.Join(@"\s+", p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)))
            .ToList();
        return names.Count == 0
            ? $"(?:{Mention})"
            : $"(?:(?<![\\w@.+-])(?:{string.Join('|', names)})(?![\\w@]|[.-]\\w)|{Mention})";
    }

    private static bool Negated(string text, int start)
    {
        var from = Math.Max(0, start - 80);
        return NegationBefore().IsMatch(text.AsSpan(from, start - from));
    }

    /// <summary>A negating word, then at most three words of the same clause, then the end (where the match begins).</summary>
    [GeneratedRegex(@"(?:\b(?:no[\s-]+one|nobody|not|never|no|without|nothing|none)\b|\b\w+n['’]t\b)(?:\s+(?!(?:because|but|and|so|when|after|since|until|while|then|or|yet)\b)[\w'’-]+){0,3}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationBefore();
}
