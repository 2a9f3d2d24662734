namespace Firebreak.Core.Incidents;

/// <summary>One severity level: its canonical name, rank (1 is the most severe) and aliases.</summary>
public sealed record SeverityLevel(string Name, int Rank, IReadOnlyList<string> Aliases, string Meaning);

/// <summary>The ordered set of severity levels in force, with alias resolution.</summary>
public sealed class SeverityScale
{
    public SeverityScale(IReadOnlyList<SeverityLevel> levels)
    {
        Levels = [.. levels.OrderBy(l => l.Rank)];
    }

    /// <summary>SEV-1…SEV-4 with the P0…P3 aliases.</summary>
    public static SeverityScale Default { get; } = new(
    [
        new("SEV-1", 1, ["P0", "SEV1", "1"], "Critical: most or all users cannot use a core feature, or data is being lost."),
        new("SEV-2", 2, ["P1", "SEV2", "2"], "Major: a core feature is degraded for many users, or a minor one is down."),
        new("SEV-3", 3, ["P2", "SEV3", "3"], "Minor: limited impact with a workaround."),
        new("SEV-4", 4, ["P3", "SEV4", "4"], "Low: cosmetic or internal, no user impact yet."),
    ]);

    public IReadOnlyList<SeverityLevel> Levels { get; }

    public string Names => string.Join(", ", Levels.Select(l => $"{l.Name} ({string.Join("/", l.Aliases.Take(1))})"));

    public SeverityLevel? Resolve(string? nameOrAlias)
    {
        var text = nameOrAlias?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Levels.FirstOrDefault(l => string.Equals(l.Name, text, StringComparison.OrdinalIgnoreCase)
                                          || l.Aliases.Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)));
    }
}
