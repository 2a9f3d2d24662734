using System.Text.RegularExpressions;

namespace Firebreak.Core.Guardrails;

/// <summary>A DELETE or UPDATE whose WHERE holds for every row is as destructive as one with no WHERE.</summary>
public static partial class UnsafeCommands
{
    private static string? MatchesEverything(string text)
    {
        foreach (Match m in DeleteWhere().Matches(text))
        {
            if (Tautology(m.Groups["cond"].Value) is { } why)
            {
                return $"DELETE with WHERE {why}, which holds for every row, removes every row";
            }
        }

        foreach (Match m in UpdateWhere().Matches(text))
        {
            if (Tautology(m.Groups["cond"].Value) is { } why)
            {
                return $"UPDATE with WHERE {why}, which holds for every row, changes every row";
            }
        }

        return null;
    }

    /// <summary>The part of the condition that always holds, or null. Only the obvious forms: a constant, a value compared with itself, "x IS NULL OR x IS NOT NULL".</summary>
    private static string? Tautology(string condition)
    {
        var cond = ShellTail().Replace(condition, string.Empty);
        cond = TrailingClauses().Replace(cond, string.Empty).Trim();
        cond = DropUnbalancedTrailingQuote(DropUnbalancedTrailingQuote(cond, '"'), '\'').Trim();
        var disjuncts = Or().Split(Unwrap(cond)).Select(d => Unwrap(d.Trim())).ToList();
        if (disjuncts.FirstOrDefault(d => AlwaysTrue().IsMatch(d) || SelfComparison().IsMatch(d)) is { } always)
        {
            return always;
        }

        var nulls = disjuncts.Select(d => IsNull().Match(d)).Where(n => n.Success).ToList();
        var both = nulls.FirstOrDefault(n => n.Groups["not"].Success && nulls.Any(o => !o.Groups["not"].Success && string.Equals(o.Groups["x"].Value, n.Groups["x"].Value, StringComparison.OrdinalIgnoreCase)));
        return both is null ? null : $"{both.Groups["x"].Value} IS NULL OR {both.Groups["x"].Value} IS NOT NULL";
    }

    private static string Unwrap(string text)
    {
        while (text.Length > 1 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    /// <summary>A command line wraps SQL in quotes: an odd count means the last one closes the shell's string.</summary>
    private static string DropUnbalancedTrailingQuote(string text, char quote) =>
        text.Count(c => c == quote) % 2 == 1 && text.LastIndexOf(quote) is var at and >= 0 ? text[..at] : text;

    [GeneratedRegex(@"\bdelete\s+from\s+[\w.""`\[\]]+\s+where\s+(?<cond>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex DeleteWhere();

    [GeneratedRegex(@"\bupdate\s+[\w.""`\[\]]+\s+set\s+[^;]*?\bwhere\s+(?<cond>[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex UpdateWhere();

    /// <summary>What follows the statement on a shell line: &amp;&amp;, a pipe, a redirect.</summary>
    [GeneratedRegex(@"\s+(&&|\|\|?|>)\s.*$", RegexOptions.Singleline)]
    private static partial Regex ShellTail();

    [GeneratedRegex(@"\b(returning|limit|order\s+by)\b.*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TrailingClauses();

    [GeneratedRegex(@"\s+or\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Or();

    [GeneratedRegex(@"^(true|1|not\s+false)$", RegexOptions.IgnoreCase)]
    private static partial Regex AlwaysTrue();

    /// <summary>1=1, id = id, 'a'='a', x &gt;= x: a value compared with itself.</summary>
    [GeneratedRegex(@"^(?<a>[\w.]+|'[^']*'|""[^""]*"")\s*(=|==|<=|>=)\s*\k<a>$", RegexOptions.IgnoreCase)]
    private static partial Regex SelfComparison();

    [GeneratedRegex(@"^(?<x>[\w.""`]+)\s+is\s+(?<not>not\s+)?null$", RegexOptions.IgnoreCase)]
    private static partial Regex IsNull();
}
