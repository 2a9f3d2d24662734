using System.Globalization;

namespace Firebreak.Core.Incidents;

/// <summary>Incidents are numbered; people call them INC-7.</summary>
public static class IncidentKey
{
    public static string Format(long id) => $"INC-{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Accepts "INC-7", "inc-7" or "7".</summary>
    public static bool TryParse(string? text, out long id)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith("INC-", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..];
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>The answer to a path segment that is not an incident id at all.</summary>
    public static Common.NotFound NotAnId(string text) => new($"'{text}' is not an incident id; use a number or a key like INC-7.");
}
