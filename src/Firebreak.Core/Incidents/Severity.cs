namespace Firebreak.Core.Incidents;

/// <summary>
/// One severity level and its policy: what it means and what the process expects at that level.
/// Rank 1 is the most severe.
/// </summary>
public sealed record SeverityLevel(string Name, int Rank, IReadOnlyList<string> Aliases, string Meaning)
{
    /// <summary>How soon someone must be working on it.</summary>
    public TimeSpan ResponseTarget { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often stakeholders hear from us; null means no cadence.</summary>
    public TimeSpan? UpdateCadence { get; init; }

    /// <summary>Who is paged at this level, in words.</summary>
    public string Paged { get; init; } = "nobody";

    /// <summary>Roles that must be filled at this level.</summary>
    public IReadOnlyList<string> RolesRequired { get; init; } = [];

    /// <summary>Whether the public status page must carry it.</summary>
    public bool PublicCommunication { get; init; }

    public bool PostmortemRequired { get; init; }

    /// <summary>How long after resolution the postmortem is due.</summary>
    public TimeSpan PostmortemDue { get; init; } = TimeSpan.FromHours(48);

    /// <summary>How long the fix must hold, checks passing, before the incident counts as resolved.</summary>
    public TimeSpan MonitoringWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>SEV-1/SEV-2 style levels: explicit roles, the stricter guardrails.</summary>
    public bool IsMajor => Rank <= 2;
}

/// <summary>The ordered set of severity levels in force, with alias resolution.</summary>
public sealed class SeverityScale
{
    public SeverityScale(IReadOnlyList<SeverityLevel> levels)
    {
        Levels = [.. levels.OrderBy(l => l.Rank)];
    }

    /// <summary>The built-in levels; configuration starts from these.</summary>
    public static IReadOnlyList<SeverityLevel> DefaultLevels { get; } =
    [
        new("SEV-1", 1, ["P0", "SEV1", "1"], "Critical: most or all users cannot use a core feature, or data is being lost or exposed.")
        {
            ResponseTarget = TimeSpan.FromMinutes(5),
            UpdateCadence = TimeSpan.FromMinutes(15),
            Paged = "on-call engineer, incident commander and the service owners, at any hour",
            RolesRequired = [IncidentRoles.Commander, IncidentRoles.CommsLead, IncidentRoles.TechLead],
            PublicCommunication = true,
            PostmortemRequired = true,
        },
        new("SEV-2", 2, ["P1", "SEV2", "2"], "Major: a core feature is broken or badly degraded for many users.")
        {
            ResponseTarget = TimeSpan.FromMinutes(15),
            UpdateCadence = TimeSpan.FromMinutes(30),
            Paged = "on-call engineer, at any hour",
            RolesRequired = [IncidentRoles.Commander, IncidentRoles.CommsLead],
            PublicCommunication = true,
            PostmortemRequired = true,
        },
        new("SEV-3", 3, ["P2", "SEV3", "3"], "Minor: degraded for some users, or a workaround exists.")
        {
            ResponseTarget = TimeSpan.FromHours(1),
            UpdateCadence = TimeSpan.FromMinutes(60),
            Paged = "on-call engineer, in working hours",
        },
        new("SEV-4", 4, ["P3", "SEV4", "4"], "Low: cosmetic or internal, no real user impact; fix in the normal cycle.")
        {
            ResponseTarget = TimeSpan.FromDays(1),
            UpdateCadence = null,
            Paged = "nobody; a ticket is enough",
        },
    ];

    /// <summary>SEV-1…SEV-4 with the P0…P3 aliases and their default policies.</summary>
    public static SeverityScale Default { get; } = new(DefaultLevels);

    public IReadOnlyList<SeverityLevel> Levels { get; }

    public string Names => string.Join(", ", Levels.Select(l => l.Aliases.Count > 0 ? $"{l.Name} ({l.Aliases[0]})" : l.Name));

    /// <summary>The level with this name or alias, case-insensitive; null when there is none.</summary>
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

    /// <summary>The policy of a stored level name; a level removed from configuration falls back to the least severe.</summary>
    public SeverityLevel PolicyOf(string name) => Resolve(name) ?? Levels[^1];

    /// <summary>The level at a rank, clamped to the scale.</summary>
    public SeverityLevel AtRank(int rank) => Levels.FirstOrDefault(l => l.Rank >= rank) ?? Levels[^1];
}
