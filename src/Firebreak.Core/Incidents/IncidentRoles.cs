using System.Text.RegularExpressions;

namespace Firebreak.Core.Incidents;

/// <summary>The roles people hold during an incident; custom roles are allowed.</summary>
public static partial class IncidentRoles
{
    public const string Commander = "commander";
    public const string CommsLead = "comms-lead";
    public const string TechLead = "tech-lead";
    public const string Scribe = "scribe";

    public static IReadOnlyList<string> WellKnown { get; } = [Commander, CommsLead, TechLead, Scribe];

    /// <summary>Accepts the well-known roles (also with underscores) and custom lowercase names.</summary>
    public static string? Normalize(string? role)
    {
        var text = role?.Trim().ToLowerInvariant().Replace('_', '-');
        if (text is "ic" or "incident-commander")
        {
            return Commander;
        }

        return text is not null && RoleName().IsMatch(text) ? text : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex RoleName();
}
