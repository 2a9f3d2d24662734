using System.Globalization;
using Firebreak.Core.Common;

namespace Firebreak.Core.Incidents;

/// <summary>Filters for the incident list. All are optional; results are newest first, active ones first.</summary>
public sealed record IncidentQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxText = 200;

    public IReadOnlyList<IncidentStatus> Statuses { get; init; } = [];
    public IReadOnlyList<string> Severities { get; init; } = [];
    public string? Service { get; init; }
    public string? Text { get; init; }
    public bool? Active { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }

    /// <summary>
    /// The one reading of a list query, for the API's query string and the web list's filters alike:
    /// <c>status</c> and <c>severity</c> (comma-separated or repeated), <c>service</c>, <c>q</c>,
    /// <c>active</c> (true or false) or the web's <c>when</c> (active, past or all), <c>limit</c>, <c>offset</c>.
    /// Anything wrong is an error naming the field, never silently dropped.
    /// </summary>
    /// <param name="values">The values given for a field name (none when absent).</param>
    /// <param name="severities">The severity scale in force, which reads levels and their aliases.</param>
    public static Result<IncidentQuery> Parse(Func<string, IReadOnlyList<string>> values, SeverityScale severities)
    {
        var statuses = new List<IncidentStatus>();
        foreach (var s in Split(values("status")))
        {
            if (!WireNames.TryParse<IncidentStatus>(s, out var status))
            {
                return new Invalid("status", $"Unknown status '{s}': use {string.Join(", ", WireNames.All<IncidentStatus>())}.");
            }

            statuses.Add(status);
        }

        var levels = new List<string>();
        foreach (var s in Split(values("severity")))
        {
            var level = severities.Resolve(s);
            if (level is null)
            {
                return new Invalid("severity", $"Unknown severity '{s}': use one of {severities.Names}.");
            }

            levels.Add(level.Name);
        }

        bool? active = null;
        if (Single(values("active")) is { Length: > 0 } activeText)
        {
            if (!bool.TryParse(activeText, out var a))
            {
                return new Invalid("active", "'active' must be true or false.");
            }

            active = a;
        }

        switch (Single(values("when")))
        {
            case null or "" or "all":
                break;
            case "active":
                active = true;
                break;
            case "past":
                active = false;
                break;
            case var other:
                return new Invalid("when", $"Unknown 'when' value '{other}': use active, past or all.");
        }

        var limit = ReadNumber(values, "limit", DefaultLimit, 1, MaxLimit);
        var offset = ReadNumber(values, "offset", 0, 0, int.MaxValue);
        if ((limit.Error ?? offset.Error) is { } error)
        {
            return error;
        }

        var text = Single(values("q")) ?? string.Empty;
        if (text.Length > MaxText)
        {
            return new Invalid("q", $"'q' is longer than {MaxText} characters; search with fewer words.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new Invalid("q", "'q' contains a NUL character, which no incident's text holds; search with words.");
        }

        var service = Single(values("service"));
        return new IncidentQuery
        {
            Statuses = statuses,
            Severities = levels,
            Service = string.IsNullOrWhiteSpace(service) ? null : service,
            Text = string.IsNullOrWhiteSpace(text) ? null : text,
            Active = active,
            Limit = (int)limit.Value,
            Offset = (int)offset.Value,
        };
    }

    private static string? Single(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(',', values);

    private static IEnumerable<string> Split(IReadOnlyList<string> values) =>
        values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static Result<long> ReadNumber(Func<string, IReadOnlyList<string>> values, string name, long fallback, long min, long max)
    {
        var text = Single(values(name)) ?? string.Empty;
        if (text.Length == 0)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : new Invalid(name, $"'{name}' must be a whole number from {min} to {max}.");
    }
}
