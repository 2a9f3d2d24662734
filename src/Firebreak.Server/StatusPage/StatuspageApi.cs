using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Updates;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// The Statuspage v2 public JSON API (`/api/v2/*.json`), rendered from the snapshot with Statuspage's
/// field names, value sets and shapes, so existing widgets and monitoring scripts read it unchanged.
/// Ids are stable: derived from the page's name, a component's name, an incident's number.
/// </summary>
public static class StatuspageApi
{
    public const string Summary = "/api/v2/summary.json";
    public const string Status = "/api/v2/status.json";
    public const string Components = "/api/v2/components.json";
    public const string Incidents = "/api/v2/incidents.json";
    public const string Unresolved = "/api/v2/incidents/unresolved.json";
    public const string Maintenances = "/api/v2/scheduled-maintenances.json";
    public const string UpcomingMaintenances = "/api/v2/scheduled-maintenances/upcoming.json";
    public const string ActiveMaintenances = "/api/v2/scheduled-maintenances/active.json";

    public static readonly IReadOnlyList<string> Paths = [Summary, Status, Components, Incidents, Unresolved, Maintenances, UpcomingMaintenances, ActiveMaintenances];

    /// <summary>Every JSON body of the API for one board, by path.</summary>
    public static IReadOnlyDictionary<string, RenderedBody> Render(StatusPageConfig config, StatusBoard board, Uri pageUrl)
    {
        var page = new SpPage(Id("page:" + config.Name), config.Name, new Uri(pageUrl, "/status").ToString(), "Etc/UTC", Time(board.At));
        var components = ComponentsOf(config, board, page.Id);
        var byName = components.Where(c => !c.Group).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var incidents = board.Incidents.Select(i => IncidentOf(i, page, byName)).ToList();
        var status = new SpStatus(Indicator(board.Overall), StatusBoard.Describe(board.Overall));
        var unresolved = incidents.Where(i => i.Status != "resolved").ToList();
        var maintenances = board.Maintenances.Select(m => MaintenanceOf(m, page, byName)).ToList();
        var upcoming = maintenances.Where(m => m.Status == "scheduled").OrderBy(m => m.ScheduledFor, StringComparer.Ordinal).ToList();
        var active = maintenances.Where(m => m.Status is "in_progress" or "verifying").ToList();
        string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);
        const string Type = "application/json; charset=utf-8";
        var json = StatuspageJson.Default;
        return new Dictionary<string, RenderedBody>(StringComparer.Ordinal)
        {
            [Summary] = RenderedBody.Of(Json(new SpSummary(page, components, unresolved, [.. active, .. upcoming], status), json.SpSummary), Type),
            [Status] = RenderedBody.Of(Json(new SpStatusBody(page, status), json.SpStatusBody), Type),
            [Components] = RenderedBody.Of(Json(new SpComponentsBody(page, components), json.SpComponentsBody), Type),
            [Incidents] = RenderedBody.Of(Json(new SpIncidentsBody(page, [.. incidents.Take(50)]), json.SpIncidentsBody), Type),
            [Unresolved] = RenderedBody.Of(Json(new SpIncidentsBody(page, unresolved), json.SpIncidentsBody), Type),
            [Maintenances] = RenderedBody.Of(Json(new SpMaintenancesBody(page, [.. maintenances.Take(50)]), json.SpMaintenancesBody), Type),
            [UpcomingMaintenances] = RenderedBody.Of(Json(new SpMaintenancesBody(page, upcoming), json.SpMaintenancesBody), Type),
            [ActiveMaintenances] = RenderedBody.Of(Json(new SpMaintenancesBody(page, active), json.SpMaintenancesBody), Type),
        };
    }

    /// <summary>The rollup indicator for an overall status: none, minor, major, critical (maintenance while under maintenance).</summary>
    public static string Indicator(ComponentStatus status) => status switch
    {
        ComponentStatus.Operational => "none",
        ComponentStatus.UnderMaintenance => "maintenance",
        ComponentStatus.DegradedPerformance => "minor",
        ComponentStatus.PartialOutage => "major",
        _ => "critical",
    };

    /// <summary>An incident's impact in Statuspage's words.</summary>
    public static string Impact(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => "critical",
        ComponentStatus.PartialOutage => "major",
        ComponentStatus.DegradedPerformance => "minor",
        _ => "none",
    };

    private static List<SpComponent> ComponentsOf(StatusPageConfig config, StatusBoard board, string pageId)
    {
        var at = Time(board.At);
        var list = new List<SpComponent>();
        var groups = board.Components.Where(c => c.Component.Group is not null).GroupBy(c => c.Component.Group!).ToList();
        var position = 0;
        foreach (var state in board.Components)
        {
            var group = state.Component.Group;
            if (group is not null && list.All(c => !(c.Group && c.Name == group)))
            {
                var members = groups.Single(g => g.Key == group).ToList();
                list.Add(new SpComponent(Id("group:" + group), group, WireNames.Of(members.Max(m => m.Status)), at, at, ++position, null, false, null, null, pageId, true, false)
                {
                    Components = [.. members.Select(m => Id("component:" + m.Component.Name))],
                });
            }

            list.Add(new SpComponent(
                Id("component:" + state.Component.Name),
                state.Component.Name,
                WireNames.Of(state.Status),
                at,
                at,
                ++position,
                state.Component.Description,
                true,
                null,
                group is null ? null : Id("group:" + group),
                pageId,
                false,
                false));
        }

        return list;
    }

    private static SpIncident IncidentOf(PublicIncident i, SpPage page, IReadOnlyDictionary<string, SpComponent> components)
    {
        var id = IncidentId(i.Id);
        var updates = i.Updates.Reverse().Select(u => new SpUpdate(
            $"{id}u{u.Version.ToString(CultureInfo.InvariantCulture)}",
            WireNames.Of(u.Status),
            u.Body,
            id,
            Time(u.At),
            Time(u.At),
            Time(u.At),
            null,
            true,
            null,
            null)).ToList();
        var first = i.Updates.Count > 0 ? i.Updates[0].At : i.StartedAt;
        var last = i.Updates.Count > 0 ? i.Updates[^1].At : i.StartedAt;
        var monitoring = i.Updates.FirstOrDefault(u => u.Status == PublicStatus.Monitoring)?.At;
        return new SpIncident(
            id,
            i.Title,
            WireNames.Of(i.Status),
            Impact(i.Impact),
            Time(first),
            Time(last),
            Time(i.StartedAt),
            monitoring is { } m ? Time(m) : null,
            i.ResolvedAt is { } r ? Time(r) : null,
            $"{page.Url}#incident-{i.Id.ToString(CultureInfo.InvariantCulture)}",
            page.Id,
            updates,
            [.. i.Components.Where(components.ContainsKey).Select(c => components[c])]);
    }

    // A maintenance in the incident shape, with its window; called off, it reads as completed (Statuspage has no cancelled).
    private static SpIncident MaintenanceOf(MaintenanceState m, SpPage page, IReadOnlyDictionary<string, SpComponent> components)
    {
        var id = "mnt" + m.Id.ToString("D9", CultureInfo.InvariantCulture);
        var status = m.Status == MaintenanceStatus.Cancelled ? "completed" : WireNames.Of(m.Status);
        var updates = m.Notes.Reverse().Select((n, i) => new SpUpdate(
            $"{id}u{(m.Notes.Count - i).ToString(CultureInfo.InvariantCulture)}",
            n.Status == MaintenanceStatus.Cancelled ? "completed" : WireNames.Of(n.Status),
            n.Message,
            id,
            Time(n.At),
            Time(n.At),
            Time(n.At),
            null,
            true,
            null,
            null)).ToList();
        return new SpIncident(
            id,
            m.Title,
            status,
            "maintenance",
            Time(m.CreatedAt),
            Time(m.UpdatedAt),
            Time(m.StartedAt ?? m.StartsAt),
            null,
            m.CompletedAt is { } done ? Time(done) : null,
            $"{page.Url}#maintenance-{m.Id.ToString(CultureInfo.InvariantCulture)}",
            page.Id,
            updates,
            [.. m.Components.Where(components.ContainsKey).Select(c => components[c])])
        {
            ScheduledFor = Time(m.StartsAt),
            ScheduledUntil = Time(m.EndsAt),
        };
    }

    /// <summary>An incident's id on the API: "inc" and its number, zero-padded to 12 characters.</summary>
    public static string IncidentId(long incident) => "inc" + incident.ToString("D9", CultureInfo.InvariantCulture);

    private static string Id(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..12];

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

public sealed record SpPage(string Id, string Name, string Url, string TimeZone, string UpdatedAt);

public sealed record SpStatus(string Indicator, string Description);

public sealed record SpComponent(
    string Id,
    string Name,
    string Status,
    string CreatedAt,
    string UpdatedAt,
    int Position,
    string? Description,
    bool Showcase,
    string? StartDate,
    string? GroupId,
    string PageId,
    bool Group,
    bool OnlyShowIfDegraded)
{
    /// <summary>Only on a group: its members' ids.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Components { get; init; }
}

public sealed record SpUpdate(
    string Id,
    string Status,
    string Body,
    string IncidentId,
    string CreatedAt,
    string UpdatedAt,
    string DisplayAt,
    IReadOnlyList<object>? AffectedComponents,
    bool DeliverNotifications,
    string? CustomTweet,
    string? TweetId);

public sealed record SpIncident(
    string Id,
    string Name,
    string Status,
    string Impact,
    string CreatedAt,
    string UpdatedAt,
    string StartedAt,
    string? MonitoringAt,
    string? ResolvedAt,
    string Shortlink,
    string PageId,
    IReadOnlyList<SpUpdate> IncidentUpdates,
    IReadOnlyList<SpComponent> Components)
{
    /// <summary>Only on a maintenance: its window.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScheduledFor { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScheduledUntil { get; init; }
}

public sealed record SpSummary(SpPage Page, IReadOnlyList<SpComponent> Components, IReadOnlyList<SpIncident> Incidents, IReadOnlyList<SpIncident> ScheduledMaintenances, SpStatus Status);

public sealed record SpStatusBody(SpPage Page, SpStatus Status);

public sealed record SpComponentsBody(SpPage Page, IReadOnlyList<SpComponent> Components);

public sealed record SpIncidentsBody(SpPage Page, IReadOnlyList<SpIncident> Incidents);

public sealed record SpMaintenancesBody(SpPage Page, IReadOnlyList<SpIncident> ScheduledMaintenances);

/// <summary>The Statuspage API's JSON: snake_case names, nulls written (clients expect every field).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SpSummary))]
[JsonSerializable(typeof(SpStatusBody))]
[JsonSerializable(typeof(SpComponentsBody))]
[JsonSerializable(typeof(SpIncidentsBody))]
[JsonSerializable(typeof(SpMaintenancesBody))]
public sealed partial class StatuspageJson : JsonSerializerContext;
