using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;

namespace Firebreak.Server.Postmortems;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EditSectionRequest
{
    /// <summary>The section's Markdown, whole (empty clears it).</summary>
    public string? Text { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CurateTimelineRequest
{
    /// <summary>The timeline entry: its number on the incident's timeline.</summary>
    public long? Entry { get; set; }

    public bool? Included { get; set; }

    public CurateTimeline ToCommand() => new(Entry, Included);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class WhyRequest
{
    public string? Question { get; set; }

    public string? Answer { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SetWhysRequest
{
    /// <summary>The chain, in order: each a question and its answer.</summary>
    public List<WhyRequest?>? Whys { get; set; }

    public SetWhys ToCommand() => new(Whys?.Select(w => w is null ? null : new Why(w.Question ?? string.Empty, w.Answer ?? string.Empty)).ToList());
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SetCauseTagsRequest
{
    /// <summary>The root-cause tags, whole (an empty list clears them): lower-case letters, digits and dashes.</summary>
    public List<string?>? Tags { get; set; }

    public SetCauseTags ToCommand() => new(Tags);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RequestReviewRequest
{
    /// <summary>The reviewers' usernames.</summary>
    public List<string>? Reviewers { get; set; }

    public RequestReview ToCommand() => new(Reviewers);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ReasonRequest
{
    public string? Reason { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class DismissFindingRequest
{
    /// <summary>The finding's key, as the postmortem lists it.</summary>
    public string? Finding { get; set; }

    public string? Reason { get; set; }

    public DismissFinding ToCommand() => new(Finding, Reason);
}

/// <summary>A new action item, or a change to one (a field left out stays as it is; an empty text clears it).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ActionItemRequest
{
    public string? Title { get; set; }

    /// <summary>The owner's username.</summary>
    public string? Owner { get; set; }

    /// <summary>The due day, YYYY-MM-DD.</summary>
    public string? Due { get; set; }

    /// <summary>prevent, detect or mitigate.</summary>
    public string? Type { get; set; }

    /// <summary>high, medium (the default) or low.</summary>
    public string? Priority { get; set; }

    public string? Description { get; set; }

    public CreateActionItem ToCreate() => new(Title, Owner, Due, Type, Priority, Description);

    public UpdateActionItem ToUpdate() => new(Title, Owner, Due, Type, Priority, Description);

    public static ActionItemRequest FromForm(Func<string, string?> field) => new()
    {
        Title = field("title"),
        Owner = field("owner"),
        Due = field("due"),
        Type = field("type"),
        Priority = field("priority"),
        Description = field("description"),
    };
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PushActionRequest
{
    /// <summary>The tracker's name from postmortems.trackers.</summary>
    public string? Tracker { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ActionStatusRequest
{
    /// <summary>open, in_progress, done or wont_do (with a reason).</summary>
    public string? Status { get; set; }

    public string? Reason { get; set; }

    public ChangeActionStatus ToCommand() => new(Status, Reason);
}

public sealed record SectionDto(string Id, string Title, bool Required, string Prompt, string Text, string Html);

public sealed record TimelineEntryDto(long Entry, DateTimeOffset At, string Actor, string Kind, string Text, bool Included, bool Curated);

public sealed record FindingDto(string Where, string Key, string Rule, string Excerpt, string Message, string Suggestion, bool Dismissed);

public sealed record ProblemDto(string Where, string Message);

public sealed record FactsDto(
    DateTimeOffset StartedAt,
    DateTimeOffset DeclaredAt,
    DateTimeOffset? FirstMitigationAt,
    DateTimeOffset? ResolvedAt,
    long? DurationSeconds,
    long TimeToDetectSeconds,
    long? TimeToMitigateSeconds,
    long? TimeToResolveSeconds,
    string Severity,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Commanders,
    int Responders,
    int Updates,
    int PublicUpdates,
    long? CadenceSeconds,
    long? LongestSilenceSeconds,
    bool? CadenceKept,
    bool Verified,
    IReadOnlyDictionary<string, int> Guardrails,
    int Overrides)
{
    public static FactsDto Of(PostmortemFacts f) => new(
        f.StartedAt, f.DeclaredAt, f.FirstMitigationAt, f.ResolvedAt,
        Seconds(f.Duration), (long)f.TimeToDetect.TotalSeconds, Seconds(f.TimeToMitigate), Seconds(f.TimeToResolve),
        f.Severity, f.Services, f.Commanders, f.Responders, f.Updates, f.PublicUpdates,
        Seconds(f.Cadence), Seconds(f.LongestSilence), f.CadenceKept, f.Verified, f.Guardrails, f.Overrides);

    private static long? Seconds(TimeSpan? span) => span is { } s ? (long)s.TotalSeconds : null;
}

public sealed record ActionFindingDto(string Rule, string Message, string Fix);

public sealed record ActionItemDto(
    long Id,
    string Key,
    string Incident,
    string Title,
    string? Owner,
    string? Due,
    string? Type,
    string Priority,
    string? Description,
    string Status,
    string? Reason,
    bool Overdue,
    IReadOnlyList<ActionFindingDto> Findings,
    IReadOnlyList<string> Services,
    string? Tracker,
    string? ExternalKey,
    string? ExternalUrl,
    string? PushingTo,
    long Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DoneAt)
{
    public static ActionItemDto Of(ActionItemState a, DateTimeOffset now) => new(
        a.Id, a.Key, IncidentKey.Format(a.IncidentId), a.Fields.Title, a.Fields.Owner,
        a.Fields.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        a.Fields.Type is { } t ? WireNames.Of(t) : null, WireNames.Of(a.Fields.Priority), a.Fields.Description,
        WireNames.Of(a.Status), a.Reason, a.IsOverdue(now),
        [.. a.Findings.Select(f => new ActionFindingDto(f.Rule, f.Message, f.Fix))],
        a.Services, a.Tracker, a.ExternalKey, a.ExternalUrl, a.PushingTo, a.Version, a.CreatedBy, a.CreatedAt, a.UpdatedAt, a.DoneAt);
}

public sealed record ActionListDto(IReadOnlyList<ActionItemDto> Items);

public sealed record PostmortemDto(
    string Incident,
    long IncidentId,
    string Title,
    string Severity,
    bool Private,
    string Status,
    bool Required,
    DateTimeOffset? DueAt,
    bool Overdue,
    long Version,
    IReadOnlyList<SectionDto> Sections,
    IReadOnlyList<Why> Whys,
    IReadOnlyList<string> CauseTags,
    IReadOnlyList<string> Reviewers,
    FactsDto Facts,
    IReadOnlyList<TimelineEntryDto> Timeline,
    IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<ProblemDto> Problems,
    bool CanPublish,
    IReadOnlyList<ActionItemDto> Actions,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    bool Reminded)
{
    public static PostmortemDto Of(PostmortemView v, DateTimeOffset now)
    {
        var s = v.State;
        return new PostmortemDto(
            s.Key, s.IncidentId, s.Title, v.Incident.Severity, v.Incident.Private, WireNames.Of(s.Status), s.Required, s.DueAt, s.IsOverdue(now), s.Version,
            [.. PostmortemSections.All.Select(x => new SectionDto(x.Id, x.Title, x.Required, x.Prompt, s.Section(x.Id), PostmortemHtml.ToHtml(s.Section(x.Id))))],
            s.Whys, s.CauseTags, s.Reviewers, FactsDto.Of(v.Facts),
            [.. v.Timeline.Select(t => new TimelineEntryDto(t.Entry, t.At, t.Actor, t.Kind, t.Text, t.Included, t.Curated))],
            [.. v.Findings.Select(f => new FindingDto(f.Where, f.Key, f.Finding.Rule, f.Finding.Excerpt, f.Finding.Message, f.Finding.Suggestion, f.Dismissed))],
            [.. v.Problems.Select(p => new ProblemDto(p.Where, p.Message))],
            s.Status == PostmortemStatus.InReview && v.Problems.Count == 0,
            [.. v.Actions.Select(a => ActionItemDto.Of(a, now))],
            s.CreatedBy, s.CreatedAt, s.UpdatedAt, s.PublishedAt, s.PublishedBy, s.Reminded);
    }
}

public sealed record PostmortemSummaryDto(string Incident, long IncidentId, string Title, string Severity, string Status, bool Required, DateTimeOffset? DueAt, bool Overdue, long Version, DateTimeOffset? PublishedAt);

public sealed record PostmortemListDto(IReadOnlyList<PostmortemSummaryDto> Items);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EditSectionRequest))]
[JsonSerializable(typeof(CurateTimelineRequest))]
[JsonSerializable(typeof(SetWhysRequest))]
[JsonSerializable(typeof(SetCauseTagsRequest))]
[JsonSerializable(typeof(RequestReviewRequest))]
[JsonSerializable(typeof(ReasonRequest))]
[JsonSerializable(typeof(DismissFindingRequest))]
[JsonSerializable(typeof(ActionItemRequest))]
[JsonSerializable(typeof(ActionStatusRequest))]
[JsonSerializable(typeof(PushActionRequest))]
[JsonSerializable(typeof(PostmortemDto))]
[JsonSerializable(typeof(PostmortemListDto))]
[JsonSerializable(typeof(ActionItemDto))]
[JsonSerializable(typeof(ActionListDto))]
public sealed partial class PostmortemJson : JsonSerializerContext;
