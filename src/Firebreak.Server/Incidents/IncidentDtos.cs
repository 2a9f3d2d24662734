using Firebreak.Core.Updates;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;
using Firebreak.Server.Triage;

namespace Firebreak.Server.Incidents;

/// <summary>Every command may carry an override reason to go past a blocking guardrail; it is recorded.</summary>
public abstract class CommandRequest
{
    /// <summary>Why it is right to go past a blocking guardrail here (recorded on the timeline).</summary>
    public string? Override { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class DeclareIncidentRequest
{
    /// <summary>What is broken, in a line (up to 200 characters).</summary>
    public string? Title { get; set; }

    /// <summary>SEV-1…SEV-4, or P0…P3.</summary>
    public string? Severity { get; set; }

    public string? Summary { get; set; }

    /// <summary>Who is affected, what they cannot do, how many.</summary>
    public string? Impact { get; set; }

    public List<string>? Services { get; set; }

    /// <summary>When the impact began; may be before now. Defaults to now.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Private incidents are visible only to their members and admins.</summary>
    public bool? Private { get; set; }

    /// <summary>"investigating" (default) or "triage" when not yet confirmed.</summary>
    public string? Status { get; set; }

    /// <summary>Username of the incident commander, if already known.</summary>
    public string? Commander { get; set; }

    /// <summary>Triage answers: recorded on the timeline; their suggested level applies when no severity is given.</summary>
    public TriageRequest? Triage { get; set; }

    /// <summary>The impact on status page components: component name to degraded_performance, partial_outage or major_outage.</summary>
    public Dictionary<string, string?>? Components { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AddEntryRequest : CommandRequest
{
    /// <summary>note, symptom, hypothesis, action, result, decision or command.</summary>
    public string? Kind { get; set; }

    /// <summary>Up to 20,000 characters.</summary>
    public string? Text { get; set; }

    public IIncidentCommand ToCommand() => new AddEntry(Kind, Text);

    public static AddEntryRequest FromForm(Func<string, string?> field) => new() { Kind = field("kind"), Text = field("text") };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ChangeStatusRequest : CommandRequest
{
    public string? Status { get; set; }

    public string? Reason { get; set; }

    public IIncidentCommand ToCommand() => new ChangeStatus(Status, Reason);

    public static ChangeStatusRequest FromForm(Func<string, string?> field) => new() { Status = field("status"), Reason = field("reason") };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ChangeSeverityRequest : CommandRequest
{
    public string? Severity { get; set; }

    /// <summary>Required: why the level changes.</summary>
    public string? Reason { get; set; }

    public IIncidentCommand ToCommand() => new ChangeSeverity(Severity, Reason);

    public static ChangeSeverityRequest FromForm(Func<string, string?> field) => new() { Severity = field("severity"), Reason = field("reason") };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AssignRoleRequest : CommandRequest
{
    /// <summary>commander, comms-lead, tech-lead, scribe or a custom role.</summary>
    public string? Role { get; set; }

    /// <summary>Username taking the role; a handoff when someone holds it already.</summary>
    public string? User { get; set; }

    public IIncidentCommand ToCommand() => new AssignRole(Role, User);

    /// <summary>The room's form offers the usual roles and a field for a custom one, which wins when filled.</summary>
    public static AssignRoleRequest FromForm(Func<string, string?> field) => new() { Role = field("customRole") ?? field("role"), User = field("user") };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PinRequest : CommandRequest
{
    /// <summary>The timeline entry's version number.</summary>
    public long? Entry { get; set; }

    /// <summary>false to unpin; default true.</summary>
    public bool? Pinned { get; set; }

    public IIncidentCommand ToCommand() => new PinEntry(Entry ?? 0, Pinned ?? true, null);

    public static Result<PinRequest> FromForm(Func<string, string?> field) =>
        long.TryParse(field("entry"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var entry)
            ? new PinRequest { Entry = entry, Pinned = field("unpin") != "true" }
            : new Invalid("entry", "Give the number of the entry to pin (#N on the timeline).");
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class DeclineRequest : CommandRequest
{
    /// <summary>Required: why this is not an incident.</summary>
    public string? Reason { get; set; }

    public IIncidentCommand ToCommand() => new DeclineIncident(Reason);

    public static DeclineRequest FromForm(Func<string, string?> field) => new() { Reason = field("reason") };
}

/// <summary>An incident as the API shows it, with what the process expects of it now.</summary>
public sealed record IncidentDto(
    long Id,
    string Key,
    long Version,
    string Title,
    string Severity,
    IncidentStatus Status,
    bool Private,
    string? Summary,
    string? Impact,
    IReadOnlyList<string> Services,
    DateTimeOffset StartedAt,
    DateTimeOffset DeclaredAt,
    string DeclaredBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    string? DeclineReason,
    string? Commander,
    IReadOnlyDictionary<string, string> Roles,
    IReadOnlyList<string> Responders,
    IReadOnlyList<long> Pinned,
    IReadOnlyList<IncidentStatus> AllowedStatuses,
    IReadOnlyList<string> RolesRequired,
    IReadOnlyList<string> MissingRoles,
    DateTimeOffset? LastUpdateAt,
    DateTimeOffset? NextUpdateDue,
    bool UpdateOverdue,
    int? UpdateOverdueMinutes,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Mitigation> Mitigations,
    IReadOnlyList<Hypothesis> Hypotheses,
    IReadOnlyList<Checklist> Checklists,
    int EvidenceCount,
    VerificationWindow? Verification,
    IReadOnlyList<PublicStepMarks> PublicHistory,
    IReadOnlyDictionary<string, Core.StatusPage.ComponentStatus> ComponentImpact)
{
    /// <summary>In the answer to a command, when routes are configured: the channels its events' messages were queued for (empty: none of them is routed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? NotifiedChannels { get; init; }
}

public sealed record IncidentListDto(IReadOnlyList<IncidentDto> Items, long Total, int Limit, int Offset);

/// <summary>One timeline item: a written entry or a recorded change.</summary>
public sealed record TimelineItemDto(long Version, string Type, string Kind, string Text, string Actor, DateTimeOffset At, bool Pinned)
{
    /// <summary>Guardrail warnings the entry raised (only in the response to adding it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Finding>? Findings { get; init; }

    /// <summary>Blaming phrases in a responder's entry, each with a system-focused rewording (the blame guardrail).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BlameNoteDto>? Blame { get; init; }

    /// <summary>For a public update: the steps it skipped, or a monitoring step shorter than the window, in words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PublicMarks { get; init; }

    public static TimelineItemDto From(RecordedEvent e, IncidentState state) => From(e, state.Pinned.Contains(e.Version));

    public static TimelineItemDto From(RecordedEvent e, bool pinned) => new(
        e.Version, EventTypes.NameOf(e.Event), TimelineText.Kind(e.Event), TimelineText.Describe(e.Event), e.Actor, e.OccurredAt, pinned);
}

/// <summary>A blaming phrase found in an entry: the rule, the words, what is wrong and how to say it instead.</summary>
public sealed record BlameNoteDto(string Rule, string Excerpt, string Message, string Suggestion);

/// <summary>A page of the timeline; <see cref="NextAfter"/> is the cursor for the next page, null at the end.</summary>
public sealed record TimelineDto(string Incident, IReadOnlyList<TimelineItemDto> Items, long? NextAfter);
