using System.Text.RegularExpressions;

namespace Firebreak.Core.Guardrails;

/// <summary>Recognises commands that destroy data or infrastructure when run against production.</summary>
public static partial class UnsafeCommands
{
    /// <summary>What is dangerous about the command, or null when nothing is recognised.</summary>
    public static string? Explain(string command)
    {
        var text = command.Trim();
        if (MatchesEverything(text) is { } everything)
        {
            return everything;
        }

        if (DeleteWithoutWhere().IsMatch(text))
        {
            return "DELETE without WHERE removes every row";
        }

        if (UpdateWithoutWhere().IsMatch(text))
        {
            return "UPDATE without WHERE changes every row";
        }

        if (Drop().IsMatch(text))
        {
            return "DROP destroys the object and its data";
        }

        if (Truncate().IsMatch(text))
        {
            return "TRUNCATE removes every row";
        }

        if (RmRfVariable().IsMatch(text))
        {
            return "rm -rf on a path built from a variable deletes from the parent, or from /, when the variable is empty (write ${VAR:?} to stop instead)";
        }

        if (RmRf().IsMatch(text))
        {
            return "rm -rf deletes recursively without asking";
        }

        if (Destroy().IsMatch(text))
        {
            return "it deletes infrastructure or data stores";
        }

        return null;
    }

    /// <summary>No WHERE before the statement ends (at ';' or the end of the text), whatever the line breaks or quoting.</summary>
    [GeneratedRegex(@"\bdelete\s+from\s+[\w.""`\[\]]+(?![^;]*\bwhere\b)", RegexOptions.IgnoreCase)]
    private static partial Regex DeleteWithoutWhere();

    [GeneratedRegex(@"\bupdate\s+[\w.""`\[\]]+\s+set\s+(?![^;]*\bwhere\b)", RegexOptions.IgnoreCase)]
    private static partial Regex UpdateWithoutWhere();

    [GeneratedRegex(@"\bdrop\s+(table|database|schema|index|view|keyspace|collection)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Drop();

    [GeneratedRegex(@"\btruncate\s+(table\s+)?[\w.""`\[\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Truncate();

    /// <summary>rm -rf whose path argument starts with a variable (bare, quoted or braced), except one written ${VAR:?…}.</summary>
    [GeneratedRegex(@"\brm\s+(-[a-zA-Z]*r[a-zA-Z]*f[a-zA-Z]*|-[a-zA-Z]*f[a-zA-Z]*r[a-zA-Z]*|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive)\s+([^\s&|;]+\s+)*?[""']?\$(?!\{\w+:\?)\{?\w", RegexOptions.IgnoreCase)]
    private static partial Regex RmRfVariable();

    [GeneratedRegex(@"\brm\s+(-[a-zA-Z]*r[a-zA-Z]*f[a-zA-Z]*|-[a-zA-Z]*f[a-zA-Z]*r[a-zA-Z]*|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RmRf();

    [GeneratedRegex(@"\b(terraform\s+destroy|kubectl\s+delete\s+(namespace|ns|pvc|persistentvolume|pv|deployment|statefulset)|flushall|flushdb|dropdb)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Destroy();
}
