using Firebreak.Core.Alerts;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Alerts;

namespace Firebreak.Server.Alerts;

/// <summary>A command on a group, as the API, the web form and the CLI send it: a reason, and for a silence how long.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class AlertGroupCommandRequest
{
    public string? Reason { get; set; }

    /// <summary>For a silence: 30m, 2h, 1d.</summary>
    public string? For { get; set; }
}

public sealed record AlertDto(string Fingerprint, string Status, string Title, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Link, long Fired, DateTimeOffset UpdatedAt)
{
    public static AlertDto Of(AlertRow a) => new(a.Fingerprint, WireNames.Of(a.Status), a.Title, a.Labels, a.Annotations, a.StartsAt, a.EndsAt, a.Link, a.Fired, a.UpdatedAt);
}

public sealed record AlertGroupDto(
    string Name,
    long Id,
    string Integration,
    string Title,
    string? Service,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    int Firing,
    int Alerts,
    long Fired,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? SilencedUntil,
    bool Flapping,
    string? Incident,
    long Version,
    IReadOnlyList<AlertDto>? AlertList)
{
    public static AlertGroupDto Of(AlertGroupState g, long? visibleIncident, DateTimeOffset now, IReadOnlyList<AlertRow>? alerts = null) => new(
        g.Name, g.Id, g.Integration, g.Title, g.Service, WireNames.Of(g.Status), g.Labels, g.Firing, g.Alerts, g.Fired,
        g.OpenedAt, g.UpdatedAt, g.ResolvedAt, g.AcknowledgedAt, g.AcknowledgedBy, g.IsSilenced(now) ? g.SilencedUntil : null, g.IsFlapping,
        visibleIncident is { } id ? IncidentKey.Format(id) : null, g.Version, alerts?.Select(AlertDto.Of).ToList());
}

public sealed record AlertGroupListDto(IReadOnlyList<AlertGroupDto> Items);

/// <summary>A person's word on a rule, as the API, the page and the CLI send it.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class RuleMarkRequest
{
    /// <summary>The rule: integration/alertname, as the review lists it.</summary>
    public string? Rule { get; set; }

    /// <summary>The month (YYYY-MM; this one when absent).</summary>
    public string? Month { get; set; }

    /// <summary>actionable or tune.</summary>
    public string? Verdict { get; set; }

    public string? Note { get; set; }
}

public sealed record RuleDto(string Rule, string Integration, string Name, int Groups, long Fired, int LedToIncident, int AcknowledgedByPeople, int WithoutAction, double? MeanSecondsToAcknowledge, bool Noisy, string? Verdict, string? Note, string? ReviewedBy, DateTimeOffset? ReviewedAt)
{
    public static RuleDto Of(RuleFigures f) => new(f.Rule, f.Integration, f.Name, f.Groups, f.Fired, f.LedToIncident, f.AcknowledgedByPeople, f.WithoutAction, f.MeanSecondsToAcknowledge, f.Noisy,
        f.Review is { } r ? WireNames.Of(r.Verdict) : null, f.Review?.Note, f.Review?.By, f.Review?.At);
}

/// <summary>The month's review: the rules, and how many noisy ones still wait for a person's word.</summary>
public sealed record RuleReviewDto(string Month, int Waiting, int MinGroups, IReadOnlyList<RuleDto> Rules);

/// <summary>A page of a group's alerts; <see cref="NextAfter"/> is the cursor for the next page, null at the end.</summary>
public sealed record AlertPageDto(IReadOnlyList<AlertDto> Items, string? NextAfter);
