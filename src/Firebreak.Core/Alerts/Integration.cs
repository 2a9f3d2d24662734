using System.Globalization;
using System.Text.RegularExpressions;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Alerts;

/// <summary>Something that happened to an integration made through the API or the web (its own stream, id: its name).</summary>
public interface IIntegrationEvent : IEvent;

/// <summary>The integration was made (or made again after its removal), with the digest of its key and how it groups, routes and declares.</summary>
public sealed record IntegrationCreated(string Name, string Source, string KeyDigest, string KeyHint, IntegrationSettings Settings) : IIntegrationEvent;

/// <summary>Its key was replaced: the old one stops working at once.</summary>
public sealed record IntegrationKeyRotated(string KeyDigest, string KeyHint) : IIntegrationEvent;

/// <summary>It was removed: its key stops working; its alert groups stay.</summary>
public sealed record IntegrationRemoved : IIntegrationEvent;

/// <summary>An integration's settings as stored: what becomes its <see cref="AlertPolicy"/>.</summary>
public sealed record IntegrationSettings(
    string? Service,
    IReadOnlyList<string> GroupBy,
    long WindowSeconds,
    int FlapChanges,
    IReadOnlyList<AlertRoute> Routes,
    IReadOnlyList<DeclareRule> Declare,
    Sources.WebhookMapping? Mapping = null)
{
    public AlertPolicy Policy() => new()
    {
        Service = Service,
        GroupBy = GroupBy,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        FlapChanges = FlapChanges,
        Routes = Routes,
        Declare = Declare,
    };
}

public static class IntegrationEventTypes
{
    public static EventTypeMap Map { get; } = new(
        ("integration.created.v1", typeof(IntegrationCreated)),
        ("integration.key-rotated.v1", typeof(IntegrationKeyRotated)),
        ("integration.removed.v1", typeof(IntegrationRemoved)));
}

public sealed record IntegrationState
{
    public required string Name { get; init; }
    public required long Version { get; init; }
    public required string Source { get; init; }
    public required string KeyDigest { get; init; }

    /// <summary>The key's last four characters, to tell keys apart without showing them.</summary>
    public required string KeyHint { get; init; }
    public required IntegrationSettings Settings { get; init; }
    public bool Removed { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What an admin asks for a new integration: the fields as given, read strictly by <see cref="Integration.DecideCreate"/>.</summary>
public sealed record CreateIntegration(
    string? Name,
    string? Source,
    string? Service,
    IReadOnlyList<string?>? GroupBy,
    string? Window,
    int? FlapChanges,
    IReadOnlyList<(IReadOnlyDictionary<string, string>? Match, string? Service)>? Routes,
    IReadOnlyList<(IReadOnlyDictionary<string, string>? Match, string? Severity, string? Status)>? Declare,
    Sources.WebhookMapping? Mapping = null);

/// <summary>The integration aggregate, and the rules firebreak.yaml's integrations follow too.</summary>
public static partial class Integration
{
    public const int MaxRules = 50;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$")]
    private static partial Regex NamePattern();

    /// <summary>Why a name cannot name an integration, or null.</summary>
    public static string? NameProblem(string name) =>
        NamePattern().IsMatch(name) ? null : $"The integration name '{Text.Clip(name, 60)}' must be lowercase letters, digits and dashes (at most 41), starting with a letter or digit.";

    /// <summary>Why a source is not one Firebreak reads, or null.</summary>
    public static string? SourceProblem(string source) =>
        AlertSources.All.Contains(source) ? null : $"Source '{Text.Clip(source, 40)}' is not one Firebreak reads; use {string.Join(", ", AlertSources.All)}.";

    /// <summary>The status a declare rule opens its incident in (triage, or investigating), or why it cannot.</summary>
    public static (bool Triage, string? Problem) DeclareStatus(string? status) => (status ?? "triage") switch
    {
        "triage" => (true, null),
        "investigating" => (false, null),
        _ => (true, $"Status '{Text.Clip(status ?? string.Empty, 40)}' must be triage (someone confirms it first) or investigating (the incident starts at once)."),
    };

    /// <summary>Why a source and a mapping do not go together, or null: a webhook needs one, every other source has its own shape.</summary>
    public static string? MappingProblem(string source, Sources.WebhookMapping? mapping) =>
        source == AlertSources.Webhook
            ? mapping is null ? "A webhook integration needs a mapping: at least mapping.title, the path of the alert's title in the body." : mapping.Problem()
            : mapping is null ? null : $"Only a webhook integration takes a mapping; {source} has its own shape.";

    public static Result<IReadOnlyList<IIntegrationEvent>> DecideCreate(IntegrationState? existing, CreateIntegration c, SeverityScale severities, string keyDigest, string keyHint)
    {
        if (Text.RequiredLine("name", c.Name, 60, out var name) is { } badName)
        {
            return badName;
        }

        if (NameProblem(name) is { } nameProblem)
        {
            return new Invalid("name", nameProblem);
        }

        if (existing is { Removed: false })
        {
            return new Conflict($"There is an integration '{name}' already.", existing.Version);
        }

        if (SourceProblem(c.Source ?? string.Empty) is { } sourceProblem)
        {
            return new Invalid("source", sourceProblem);
        }

        if (MappingProblem(c.Source!, c.Mapping) is { } mappingProblem)
        {
            return new Invalid("mapping", mappingProblem);
        }

        var groupBy = new List<string>();
        foreach (var label in c.GroupBy ?? [])
        {
            if (Text.RequiredLine("groupBy", label, AlertLimits.MaxLabelName, out var l) is { } badLabel)
            {
                return badLabel;
            }

            groupBy.Add(l);
        }

        if (c.GroupBy is null && c.Source == AlertSources.Prometheus)
        {
            groupBy = ["alertname", "service"];
        }

        var window = AlertPolicy.DefaultWindow;
        if (c.Window is not null && (Durations.Parse(c.Window) is not { } w || w <= TimeSpan.Zero || w > TimeSpan.FromDays(7)))
        {
            return new Invalid("window", "'window' is how long a resolved group takes its key's alerts again, such as 30m or 1h (at most 7d).");
        }
        else if (c.Window is not null)
        {
            window = Durations.Parse(c.Window)!.Value;
        }

        var flap = c.FlapChanges ?? AlertPolicy.DefaultFlapChanges;
        if (flap is < 2 or > 1_000)
        {
            return new Invalid("flapChanges", "'flapChanges' is how many changes between firing and resolved within the window mark a group flapping: 2 or more.");
        }

        if ((c.Routes?.Count ?? 0) > MaxRules || (c.Declare?.Count ?? 0) > MaxRules)
        {
            return new Invalid(c.Routes?.Count > MaxRules ? "routes" : "declare", $"At most {MaxRules} rules.");
        }

        var routes = new List<AlertRoute>();
        for (var i = 0; i < (c.Routes?.Count ?? 0); i++)
        {
            var (match, service) = c.Routes![i];
            var field = $"routes[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (Text.RequiredLine(field + ".service", service, 100, out var s) is { } badService)
            {
                return badService;
            }

            routes.Add(new AlertRoute(new LabelMatch(match ?? new Dictionary<string, string>()), s.ToLowerInvariant()));
        }

        var declare = new List<DeclareRule>();
        for (var i = 0; i < (c.Declare?.Count ?? 0); i++)
        {
            var (match, severity, status) = c.Declare![i];
            var field = $"declare[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (severities.Resolve(severity) is not { } level)
            {
                return new Invalid(field + ".severity", $"Severity '{Text.Clip(severity ?? string.Empty, 40)}' is not on the scale; use {string.Join(", ", severities.Levels.Select(l => l.Name))}.");
            }

            var (triage, problem) = DeclareStatus(status);
            if (problem is not null)
            {
                return new Invalid(field + ".status", problem);
            }

            declare.Add(new DeclareRule(new LabelMatch(match ?? new Dictionary<string, string>()), level.Name, triage));
        }

        if (Text.OptionalLine("service", c.Service, 100, out var defaultService) is { } badDefault)
        {
            return badDefault;
        }

        var settings = new IntegrationSettings(defaultService.Length == 0 ? null : defaultService.ToLowerInvariant(), groupBy, (long)window.TotalSeconds, flap, routes, declare, c.Mapping);
        return Result<IReadOnlyList<IIntegrationEvent>>.Ok([new IntegrationCreated(name, c.Source!, keyDigest, keyHint, settings)]);
    }

    public static Result<IReadOnlyList<IIntegrationEvent>> DecideRotate(IntegrationState? state, string keyDigest, string keyHint) =>
        state is null or { Removed: true }
            ? new NotFound("There is no such integration (an integration from firebreak.yaml changes there).")
            : Result<IReadOnlyList<IIntegrationEvent>>.Ok([new IntegrationKeyRotated(keyDigest, keyHint)]);

    public static Result<IReadOnlyList<IIntegrationEvent>> DecideRemove(IntegrationState? state) =>
        state is null or { Removed: true }
            ? new NotFound("There is no such integration (an integration from firebreak.yaml is removed there).")
            : Result<IReadOnlyList<IIntegrationEvent>>.Ok([new IntegrationRemoved()]);

    public static IntegrationState Evolve(IntegrationState? state, long version, IIntegrationEvent e, string actor, DateTimeOffset at) => e switch
    {
        IntegrationCreated c => new IntegrationState
        {
            Name = c.Name,
            Version = version,
            Source = c.Source,
            KeyDigest = c.KeyDigest,
            KeyHint = c.KeyHint,
            Settings = c.Settings,
            CreatedBy = actor,
            CreatedAt = at,
            UpdatedAt = at,
        },
        IntegrationKeyRotated r => state! with { Version = version, KeyDigest = r.KeyDigest, KeyHint = r.KeyHint, UpdatedAt = at },
        IntegrationRemoved => state! with { Version = version, Removed = true, UpdatedAt = at },
        _ => state! with { Version = version, UpdatedAt = at },
    };
}
