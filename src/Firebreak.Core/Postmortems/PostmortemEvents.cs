using Firebreak.Core.Common;

namespace Firebreak.Core.Postmortems;

/// <summary>Something that happened to a postmortem: each incident's postmortem is a stream of its own (a closed incident takes no commands).</summary>
public interface IPostmortemEvent : IEvent;

/// <summary>One link of the five whys: the question asked and the answer found.</summary>
public sealed record Why(string Question, string Answer);

/// <summary>
/// The postmortem was opened for an incident, at its resolve when the severity requires one
/// (<see cref="Automatic"/>) or on demand, with the first draft of the sections written from the incident's events.
/// </summary>
public sealed record PostmortemCreated(
    long IncidentId,
    string Title,
    string Severity,
    bool Required,
    DateTimeOffset? DueAt,
    IReadOnlyDictionary<string, string> Sections,
    bool Automatic) : IPostmortemEvent;

/// <summary>A section's Markdown was written or rewritten whole.</summary>
public sealed record PostmortemSectionEdited(string Section, string Text) : IPostmortemEvent;

/// <summary>A timeline entry (the incident event's version) was taken into the postmortem's timeline or left out of it.</summary>
public sealed record PostmortemTimelineCurated(long Entry, bool Included) : IPostmortemEvent;

/// <summary>The five whys, as a chain, replaced whole.</summary>
public sealed record PostmortemWhysSet(IReadOnlyList<Why> Whys) : IPostmortemEvent;

/// <summary>
/// The root-cause tags were set, whole: short names for what allowed the incident (retry-storm, expired-cert),
/// so the learning report can tell an incident that repeats an earlier cause from one that only shares a service.
/// </summary>
public sealed record PostmortemCauseTagsSet(IReadOnlyList<string> Tags) : IPostmortemEvent;

/// <summary>The draft went to review by the named reviewers.</summary>
public sealed record PostmortemReviewRequested(IReadOnlyList<string> Reviewers) : IPostmortemEvent;

/// <summary>The postmortem was published: every check passed.</summary>
public sealed record PostmortemPublished : IPostmortemEvent;

/// <summary>A postmortem in review or published went back to draft, with the reason.</summary>
public sealed record PostmortemReopened(string Reason) : IPostmortemEvent;

/// <summary>A language finding was judged not blaming (a false positive), with the reason; it no longer holds publishing back.</summary>
public sealed record PostmortemFindingDismissed(string Finding, string Reason) : IPostmortemEvent;

/// <summary>The owner and the commander were reminded that the required postmortem is past its due date (once).</summary>
public sealed record PostmortemReminded(DateTimeOffset DueAt) : IPostmortemEvent;

/// <summary>The stable stored names of the postmortem's events (a storage contract: a changed shape gets a new name).</summary>
public static class PostmortemEventTypes
{
    public static EventTypeMap Map { get; } = new(
        ("postmortem.created.v1", typeof(PostmortemCreated)),
        ("postmortem.section-edited.v1", typeof(PostmortemSectionEdited)),
        ("postmortem.timeline-curated.v1", typeof(PostmortemTimelineCurated)),
        ("postmortem.whys-set.v1", typeof(PostmortemWhysSet)),
        ("postmortem.cause-tags-set.v1", typeof(PostmortemCauseTagsSet)),
        ("postmortem.review-requested.v1", typeof(PostmortemReviewRequested)),
        ("postmortem.published.v1", typeof(PostmortemPublished)),
        ("postmortem.reopened.v1", typeof(PostmortemReopened)),
        ("postmortem.finding-dismissed.v1", typeof(PostmortemFindingDismissed)),
        ("postmortem.reminded.v1", typeof(PostmortemReminded)));

    public static IReadOnlyCollection<Type> All => Map.All;

    public static string NameOf(IEvent e) => Map.NameOf(e);

    public static Type TypeOf(string name) => Map.TypeOf(name);
}
