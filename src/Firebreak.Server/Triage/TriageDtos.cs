using System.Text.Json.Serialization;
using Firebreak.Core.Evidence;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Server.Incidents;

namespace Firebreak.Server.Triage;

/// <summary>The triage questions; every answer is optional and unknown when left out.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class TriageRequest
{
    /// <summary>none, some, most, all or unknown.</summary>
    public string? UsersAffected { get; set; }

    /// <summary>yes, no or unknown (the same for the questions below).</summary>
    public string? CoreFeatureBroken { get; set; }

    public string? DataLoss { get; set; }

    public string? Workaround { get; set; }

    public string? SecurityBreach { get; set; }

    public string? RecentChange { get; set; }

    public string? RollbackPossible { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>
    /// The services it is on (POST /triage only; a declaration names them at its top level): changes to
    /// them in the last 24 h are named in the suggestion, and suggest yes for recentChange when it is unanswered.
    /// </summary>
    public List<string>? Services { get; set; }
}

/// <summary>A severity level and its policy, with durations in minutes.</summary>
public sealed record SeverityDto(
    string Name,
    int Rank,
    IReadOnlyList<string> Aliases,
    string Meaning,
    double ResponseTargetMinutes,
    double? UpdateCadenceMinutes,
    string Paged,
    IReadOnlyList<string> RolesRequired,
    bool PublicCommunication,
    bool PostmortemRequired,
    double PostmortemDueHours,
    double MonitoringWindowMinutes)
{
    public static SeverityDto From(SeverityLevel l) => new(
        l.Name, l.Rank, l.Aliases, l.Meaning, l.ResponseTarget.TotalMinutes, l.UpdateCadence?.TotalMinutes, l.Paged, l.RolesRequired,
        l.PublicCommunication, l.PostmortemRequired, l.PostmortemDue.TotalHours, l.MonitoringWindow.TotalMinutes);
}
