using System.Text.Json.Serialization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Updates;
using Firebreak.Core.Investigation;
using Firebreak.Core.Evidence;

namespace Firebreak.Server.Incidents;

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
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PostUpdateRequest : CommandRequest
{
    /// <summary>internal (default) or public.</summary>
    public string? Audience { get; set; }

    /// <summary>For public updates: investigating, identified, monitoring or resolved (default: from the incident's status).</summary>
    public string? Status { get; set; }

    public string? Text { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RollbackChecklistRequest
{
    /// <summary>true when no irreversible database migration ran since the target version.</summary>
    public bool? NoIrreversibleMigration { get; set; }

    /// <summary>true when the change had no side effects a rollback cannot undo (emails sent, data rewritten).</summary>
    public bool? NoIrreversibleSideEffects { get; set; }

    /// <summary>The known-good version or state to return to.</summary>
    public string? KnownGoodTarget { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ProposeMitigationRequest : CommandRequest
{
    /// <summary>rollback, feature-flag, failover, scale, redirect, rate-limit, hotfix or other.</summary>
    public string? Kind { get; set; }

    public string? Title { get; set; }

    /// <summary>Username of who carries it out.</summary>
    public string? Owner { get; set; }

    public string? ExpectedEffect { get; set; }

    /// <summary>Could it make things worse (data operation, restart losing state)? Then the commander must approve it.</summary>
    public bool? Risky { get; set; }

    /// <summary>How to undo it; a hotfix needs one.</summary>
    public string? RollbackPlan { get; set; }

    /// <summary>Required for a rollback.</summary>
    public RollbackChecklistRequest? Checklist { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class MitigationStepRequest : CommandRequest
{
    /// <summary>A note (verify) or the reason (abandon, required).</summary>
    public string? Note { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class HypothesisRequest : CommandRequest
{
    /// <summary>open, confirmed or rejected.</summary>
    public string? Status { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EvidenceRequest : CommandRequest
{
    /// <summary>text or link (files go to POST …/evidence/file).</summary>
    public string? Kind { get; set; }

    public string? Name { get; set; }

    /// <summary>The text to keep (kind text).</summary>
    public string? Text { get; set; }

    /// <summary>The address (kind link).</summary>
    public string? Url { get; set; }

    /// <summary>true when it shows the fix works (counts as verification for resolving).</summary>
    public bool? Verification { get; set; }
}

/// <summary>A kept evidence item (the content is at its content URL).</summary>
public sealed record EvidenceDto(long Id, string Incident, EvidenceKind Kind, string Name, string? ContentType, string? Url, long Size, string Sha256, bool Verification, string CreatedBy, DateTimeOffset CreatedAt, string? ContentUrl);

/// <summary>A drafted update: the template used and the text with the incident's fields filled in.</summary>
public sealed record UpdateDraftDto(string Incident, string Template, string Text, PublicStatus PublicStatus, IReadOnlyList<string> Templates);

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
