using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Updates;

/// <summary>
/// Stakeholder update templates with {{placeholders}} filled from the incident, so an update under
/// pressure is a matter of filling blanks. The built-in texts can be replaced in configuration.
/// </summary>
public sealed partial class UpdateTemplates
{
    public const string Declared = "declared";
    public const string Investigating = "investigating";
    public const string Identified = "identified";
    public const string Monitoring = "monitoring";
    public const string Resolved = "resolved";

    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        [Declared] = "We are investigating an issue with {{services}}: {{title}}. Impact: {{impact}}. Severity {{severity}}, started {{startedAt}}. Next update by {{nextUpdate}}.",
        [Investigating] = "We are still investigating {{title}}. Impact: {{impact}}. The team is working on it and will post again by {{nextUpdate}}.",
        [Identified] = "We have identified the cause of {{title}} and are working on a fix. Impact: {{impact}}. Next update by {{nextUpdate}}.",
        [Monitoring] = "A fix for {{title}} is in place and we are watching that it holds. Next update by {{nextUpdate}}.",
        [Resolved] = "{{title}} is resolved. It lasted {{duration}}, from {{startedAt}}. Impact: {{impact}}. A review will follow; thank you for your patience.",
    };

    public static UpdateTemplates Default { get; } = new(null);

    public UpdateTemplates(IReadOnlyDictionary<string, string>? overrides)
    {
        var texts = new Dictionary<string, string>(Defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, text) in overrides ?? new Dictionary<string, string>())
        {
            texts[name] = text;
        }

        Texts = texts;
    }

    public IReadOnlyDictionary<string, string> Texts { get; }

    /// <summary>The placeholders a template may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["key", "title", "severity", "status", "impact", "summary", "services", "commander", "startedAt", "duration", "nextUpdate"];

    /// <summary>The template that fits where the incident is now.</summary>
    public static string For(IncidentState state) => state.Status switch
    {
        IncidentStatus.Identified => Identified,
        IncidentStatus.Monitoring => Monitoring,
        IncidentStatus.Resolved or IncidentStatus.Closed or IncidentStatus.Declined => Resolved,
        _ when state.LastUpdateAt is null => Declared,
        _ => Investigating,
    };

    /// <summary>Fills a template; null when there is no template of that name.</summary>
    public string? Render(string name, IncidentState state, SeverityLevel policy, DateTimeOffset now)
    {
        if (!Texts.TryGetValue(name, out var text))
        {
            return null;
        }

        var nextUpdate = policy.UpdateCadence is { } cadence ? Time(now + cadence) : "the next change";
        var end = state.ResolvedAt ?? now;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["key"] = state.Key,
            ["title"] = state.Title,
            ["severity"] = state.Severity,
            ["status"] = WireNames.Of(state.Status),
            ["impact"] = state.Impact ?? "being assessed",
            ["summary"] = state.Summary ?? string.Empty,
            ["services"] = state.Services.Count == 0 ? "our service" : string.Join(", ", state.Services),
            ["commander"] = state.Commander ?? "not yet assigned",
            ["startedAt"] = Time(state.StartedAt),
            ["duration"] = Duration(end - state.StartedAt),
            ["nextUpdate"] = nextUpdate,
        };
        return Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    /// <summary>The placeholders in a text that are not known: a configuration error.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p, StringComparer.OrdinalIgnoreCase)).Distinct()];

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Max(0, (int)span.TotalMinutes)} min";

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
