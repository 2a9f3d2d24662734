using System.Globalization;
using System.Text.Json.Serialization;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Postmortems;

[JsonConverter(typeof(JsonStringEnumConverter<PostmortemStatus>))]
public enum PostmortemStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("in_review")] InReview,
    [JsonStringEnumMemberName("published")] Published,
}

/// <summary>A language finding judged not blaming, and why.</summary>
public sealed record DismissedFinding(string Finding, string Reason, string By);

/// <summary>A postmortem: a left fold of its stream (<see cref="Postmortem.Evolve"/>). Its stream id is its incident's number.</summary>
public sealed record PostmortemState
{
    public required long IncidentId { get; init; }
    public required long Version { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }
    public required bool Required { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public required PostmortemStatus Status { get; init; }
    public IReadOnlyDictionary<string, string> Sections { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<long> Included { get; init; } = [];
    public IReadOnlyList<long> Excluded { get; init; } = [];
    public IReadOnlyList<Why> Whys { get; init; } = [];

    /// <summary>The root-cause tags, in lower case, in the order given.</summary>
    public IReadOnlyList<string> CauseTags { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];
    public IReadOnlyList<DismissedFinding> Dismissed { get; init; } = [];
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public string? PublishedBy { get; init; }
    public bool Reminded { get; init; }

    /// <summary>The incident's key: the postmortem is named after it.</summary>
    public string Key => IncidentKey.Format(IncidentId);

    public string Section(string id) => Sections.GetValueOrDefault(id, string.Empty);

    /// <summary>Required and not published by its due date.</summary>
    public bool IsOverdue(DateTimeOffset now) => Required && Status != PostmortemStatus.Published && DueAt is { } due && now > due;
}

/// <summary>Requests to change a postmortem.</summary>
public interface IPostmortemCommand;

public sealed record EditSection(string? Section, string? Text) : IPostmortemCommand;

/// <summary>Takes a timeline entry (its version in the incident's stream) in or out of the postmortem's timeline.</summary>
public sealed record CurateTimeline(long? Entry, bool? Included) : IPostmortemCommand;

public sealed record SetWhys(IReadOnlyList<Why?>? Whys) : IPostmortemCommand;

/// <summary>Sets the root-cause tags whole (an empty list clears them). Tags classify: they can change after publishing.</summary>
public sealed record SetCauseTags(IReadOnlyList<string?>? Tags) : IPostmortemCommand;

public sealed record RequestReview(IReadOnlyList<string>? Reviewers) : IPostmortemCommand;

public sealed record PublishPostmortem : IPostmortemCommand;

public sealed record ReopenPostmortem(string? Reason) : IPostmortemCommand;

/// <summary>Judges a language finding (by its key) not blaming, with the reason.</summary>
public sealed record DismissFinding(string? Finding, string? Reason) : IPostmortemCommand;

/// <summary>Records the overdue reminder once it went out.</summary>
public sealed record RemindOverdue : IPostmortemCommand;

/// <summary>
/// What a postmortem decision needs besides the postmortem: the incident and its events (for the
/// timeline), the accounts (reviewers, the people the blame check knows), the language check, the
/// incident's action items and the time.
/// </summary>
public sealed record PostmortemContext(
    IncidentState Incident,
    IReadOnlyList<RecordedEvent> Events,
    IReadOnlyCollection<string> Accounts,
    BlamelessCheck Blame,
    IReadOnlyList<ActionItemState> Actions,
    DateTimeOffset Now);

/// <summary>One thing that holds publishing back: where it is, and what to do.</summary>
public sealed record PublishProblem(string Where, string Message);

/// <summary>A language finding in the postmortem: where (a section, a why, a timeline entry), its stable key, and whether it was dismissed.</summary>
public sealed record PostmortemFinding(string Where, string Key, LanguageFinding Finding, bool Dismissed);

/// <summary>The postmortem aggregate: pure decisions, the checks publishing needs, and the fold.</summary>
public static class Postmortem
{
    public const int MaxWhys = 10;
    public const int MaxReviewers = 20;
    public const int MaxCauseTags = 10;
    public const int MaxCauseTagLength = 40;

    private static Result<IReadOnlyList<IPostmortemEvent>> Ok(params IPostmortemEvent[] events) => Result<IReadOnlyList<IPostmortemEvent>>.Ok(events);

    /// <summary>Whether the incident's severity requires a postmortem, and by when after its resolve.</summary>
    public static (bool Required, DateTimeOffset? DueAt) Policy(IncidentState incident, SeverityScale severities)
    {
        var level = severities.Resolve(incident.Severity);
        if (level is not { PostmortemRequired: true })
        {
            return (false, null);
        }

        return (true, (incident.ResolvedAt ?? incident.UpdatedAt) + level.PostmortemDue);
    }

    /// <summary>
    /// Opens the postmortem of an incident with the first draft written from its events. Only a resolved
    /// (or closed) incident has one: while it runs, the response comes first.
    /// </summary>
    public static Result<IReadOnlyList<IPostmortemEvent>> DecideCreate(PostmortemState? existing, IncidentState incident, IReadOnlyList<RecordedEvent> events, SeverityScale severities, bool automatic)
    {
        if (existing is not null)
        {
            return new Conflict($"{existing.Key} has a postmortem already.", existing.Version);
        }

        if (incident.Status is not (IncidentStatus.Resolved or IncidentStatus.Closed))
        {
            return new Invalid("incident", $"{incident.Key} is {WireNames.Of(incident.Status)}: its postmortem is opened once it is resolved.");
        }

        var (required, due) = Policy(incident, severities);
        return Ok(new PostmortemCreated(incident.Id, incident.Title, incident.Severity, required, due, PostmortemDraft.Sections(incident, events, severities), automatic));
    }

    public static Result<IReadOnlyList<IPostmortemEvent>> Decide(PostmortemState? state, IPostmortemCommand command, PostmortemContext context)
    {
        if (state is null)
        {
            return new NotFound($"{context.Incident.Key} has no postmortem yet: open one (it opens by itself at resolve when the severity requires it).");
        }

        if (command is RemindOverdue)
        {
            return state.Reminded || !state.IsOverdue(context.Now) ? Ok() : Ok(new PostmortemReminded(state.DueAt!.Value));
        }

        if (state.Status == PostmortemStatus.Published && command is not (ReopenPostmortem or SetCauseTags))
        {
            return new Invalid("status", $"The postmortem of {state.Key} is published; reopen it (with a reason) to change it.");
        }

        return command switch
        {
            EditSection c => DecideEdit(state, c),
            CurateTimeline c => DecideCurate(state, c, context),
            SetWhys c => DecideWhys(state, c),
            SetCauseTags c => DecideCauseTags(state, c),
            RequestReview c => DecideReview(state, c, context),
            PublishPostmortem => DecidePublish(state, context),
            ReopenPostmortem c => state.Status == PostmortemStatus.Draft
                ? new Invalid("status", $"The postmortem of {state.Key} is a draft already.")
                : Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error
                    ? new Invalid("reason", $"Say why it is reopened: {error.Message}")
                    : Ok(new PostmortemReopened(reason)),
            DismissFinding c => DecideDismiss(state, c, context),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown postmortem command."),
        };
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideEdit(PostmortemState state, EditSection c)
    {
        if (PostmortemSections.Find(c.Section) is not { } section)
        {
            return new Invalid("section", $"'{Text.Clip(c.Section ?? string.Empty, 40)}' is not a section: the sections are {string.Join(", ", PostmortemSections.All.Select(s => s.Id))}.");
        }

        if (Text.Optional("text", c.Text, PostmortemSections.MaxText, out var text) is { } error)
        {
            return error;
        }

        return text == state.Section(section.Id) ? Ok() : Ok(new PostmortemSectionEdited(section.Id, text));
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideCurate(PostmortemState state, CurateTimeline c, PostmortemContext context)
    {
        if (c.Entry is not { } entry || c.Included is not { } included)
        {
            return new Invalid(c.Entry is null ? "entry" : "included", "Name the timeline entry ('entry', its number on the incident's timeline) and whether it is 'included' (true or false).");
        }

        if (PostmortemDraft.Timeline(context.Events, state).FirstOrDefault(t => t.Entry == entry) is not { } found)
        {
            return new Invalid("entry", $"{state.Key} has no timeline entry {entry.ToString(CultureInfo.InvariantCulture)}.");
        }

        return found.Included == included ? Ok() : Ok(new PostmortemTimelineCurated(entry, included));
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideWhys(PostmortemState state, SetWhys c)
    {
        var given = c.Whys ?? [];
        if (given.Count > MaxWhys)
        {
            return new Invalid("whys", $"At most {MaxWhys} whys; five is usually enough to reach a cause worth fixing.");
        }

        var whys = new List<Why>();
        for (var i = 0; i < given.Count; i++)
        {
            var field = $"whys[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (given[i] is not { } why)
            {
                return new Invalid(field, "Each why is an object with a 'question' and an 'answer'.");
            }

            if (Text.RequiredLine(field + ".question", why.Question, 1_000, out var question) is { } badQuestion)
            {
                return badQuestion;
            }

            if (Text.Required(field + ".answer", why.Answer, 5_000, out var answer) is { } badAnswer)
            {
                return badAnswer;
            }

            whys.Add(new Why(question, answer));
        }

        return whys.SequenceEqual(state.Whys) ? Ok() : Ok(new PostmortemWhysSet(whys));
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideCauseTags(PostmortemState state, SetCauseTags c)
    {
        var tags = new List<string>();
        foreach (var given in c.Tags ?? [])
        {
            var tag = (given ?? string.Empty).Trim().ToLowerInvariant();
            if (!IsCauseTag(tag))
            {
                return new Invalid("tags", $"'{Text.Clip(given ?? string.Empty, 60)}' is not a root-cause tag: use lower-case letters, digits and dashes, starting with a letter or digit, at most {MaxCauseTagLength} characters (for example retry-storm, expired-cert).");
            }

            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        if (tags.Count > MaxCauseTags)
        {
            return new Invalid("tags", $"At most {MaxCauseTags} root-cause tags: name what allowed the incident, not every detail.");
        }

        return tags.SequenceEqual(state.CauseTags) ? Ok() : Ok(new PostmortemCauseTagsSet(tags));
    }

    /// <summary>A root-cause tag: lower-case letters, digits and dashes, starting with a letter or digit.</summary>
    public static bool IsCauseTag(string tag) =>
        tag.Length is > 0 and <= MaxCauseTagLength
        && char.IsAsciiLetterOrDigit(tag[0])
        && tag.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-');

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideReview(PostmortemState state, RequestReview c, PostmortemContext context)
    {
        var reviewers = new List<string>();
        foreach (var given in c.Reviewers ?? [])
        {
            var account = context.Accounts.FirstOrDefault(a => string.Equals(a, given?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (account is null)
            {
                return new Invalid("reviewers", $"There is no account '{Text.Clip(given ?? string.Empty, 60)}': reviewers are people who can sign in.");
            }

            if (!reviewers.Contains(account))
            {
                reviewers.Add(account);
            }
        }

        if (reviewers.Count == 0)
        {
            return new Invalid("reviewers", "Name at least one reviewer: someone who was not at the centre of the response reads it before it is published.");
        }

        if (reviewers.Count > MaxReviewers)
        {
            return new Invalid("reviewers", $"At most {MaxReviewers} reviewers.");
        }

        return state.Status == PostmortemStatus.InReview && reviewers.SequenceEqual(state.Reviewers) ? Ok() : Ok(new PostmortemReviewRequested(reviewers));
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecidePublish(PostmortemState state, PostmortemContext context)
    {
        var problems = Problems(state, context);
        if (problems.Count > 0)
        {
            return new Invalid("publish", $"The postmortem of {state.Key} cannot be published yet: {string.Join(" ", problems.Select(p => p.Message))}");
        }

        return Ok(new PostmortemPublished());
    }

    private static Result<IReadOnlyList<IPostmortemEvent>> DecideDismiss(PostmortemState state, DismissFinding c, PostmortemContext context)
    {
        if (Text.RequiredLine("finding", c.Finding, 2_000, out var key) is { } badKey)
        {
            return badKey;
        }

        if (Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } badReason)
        {
            return new Invalid("reason", $"Say why it is not blaming: {badReason.Message}");
        }

        var found = Findings(state, context).FirstOrDefault(f => f.Key == key);
        if (found is null)
        {
            return new Invalid("finding", $"The postmortem of {state.Key} has no language finding '{Text.Clip(key, 80)}' (the findings and their keys are listed with the postmortem).");
        }

        return found.Dismissed ? Ok() : Ok(new PostmortemFindingDismissed(key, reason));
    }

    /// <summary>
    /// Every blaming phrase in the sections, the whys and the timeline entries the postmortem includes,
    /// each with a key that stays the same across edits that keep the phrase (where, rule, phrase).
    /// </summary>
    public static IReadOnlyList<PostmortemFinding> Findings(PostmortemState state, PostmortemContext context, IReadOnlyList<PostmortemTimelineEntry>? timeline = null)
    {
        var people = context.Accounts;
        var found = new List<PostmortemFinding>();
        void Check(string where, string text)
        {
            foreach (var f in context.Blame.Check(text, people))
            {
                var key = $"{where}:{f.Rule}:{f.Excerpt.ToLowerInvariant()}";
                if (found.All(x => x.Key != key))
                {
                    found.Add(new PostmortemFinding(where, key, f, state.Dismissed.Any(d => d.Finding == key)));
                }
            }
        }

        foreach (var section in PostmortemSections.All)
        {
            Check(section.Id, state.Section(section.Id));
        }

        for (var i = 0; i < state.Whys.Count; i++)
        {
            Check($"why-{(i + 1).ToString(CultureInfo.InvariantCulture)}", state.Whys[i].Question + "\n" + state.Whys[i].Answer);
        }

        foreach (var entry in (timeline ?? PostmortemDraft.Timeline(context.Events, state)).Where(t => t.Included))
        {
            Check($"timeline-{entry.Entry.ToString(CultureInfo.InvariantCulture)}", entry.Text);
        }

        return found;
    }

    /// <summary>What holds publishing back, each named: the review not requested, empty required sections, blaming language, missing or vague action items.</summary>
    public static IReadOnlyList<PublishProblem> Problems(PostmortemState state, PostmortemContext context, IReadOnlyList<PostmortemFinding>? findings = null)
    {
        var problems = new List<PublishProblem>();
        if (state.Status == PostmortemStatus.Draft)
        {
            problems.Add(new PublishProblem("status", "It is a draft: send it to review (name the reviewers) first."));
        }

        foreach (var section in PostmortemSections.All.Where(s => s.Required && string.IsNullOrWhiteSpace(state.Section(s.Id))))
        {
            problems.Add(new PublishProblem(section.Id, $"The section '{section.Title}' is empty ({section.Prompt.TrimEnd('.').ToLowerInvariant()})."));
        }

        foreach (var f in (findings ?? Findings(state, context)).Where(f => !f.Dismissed))
        {
            problems.Add(new PublishProblem(f.Where, $"Blaming language in {Where(f.Where)}: \"{Text.Clip(f.Finding.Excerpt, 80)}\" — {f.Finding.Suggestion}"));
        }

        var open = context.Actions.Where(a => a.Status != ActionStatus.WontDo).ToList();
        if (state.Required && open.Count == 0)
        {
            problems.Add(new PublishProblem("actions", $"A {state.Severity} postmortem needs at least one action item (prevent, detect or mitigate) with an owner and a due date."));
        }

        foreach (var action in open)
        {
            foreach (var finding in action.Findings)
            {
                problems.Add(new PublishProblem(action.Key, $"{action.Key} \"{Text.Clip(action.Fields.Title, 60)}\": {finding.Message}"));
            }
        }

        return problems;
    }

    private static string Where(string where) =>
        PostmortemSections.Find(where) is { } section ? $"'{section.Title}'"
        : where.StartsWith("why-", StringComparison.Ordinal) ? $"why {where[4..]}"
        : where.StartsWith("timeline-", StringComparison.Ordinal) ? $"timeline entry {where[9..]} (leave it out of the timeline, or dismiss the finding)"
        : where;

    public static PostmortemState Evolve(PostmortemState? state, long version, IPostmortemEvent e, string actor, DateTimeOffset at)
    {
        if (state is null)
        {
            if (e is not PostmortemCreated created)
            {
                throw new InvalidOperationException($"A postmortem starts with {e.GetType().Name}, not its creation.");
            }

            return new PostmortemState
            {
                IncidentId = created.IncidentId,
                Version = version,
                Title = created.Title,
                Severity = created.Severity,
                Required = created.Required,
                DueAt = created.DueAt,
                Status = PostmortemStatus.Draft,
                Sections = created.Sections,
                CreatedBy = actor,
                CreatedAt = at,
                UpdatedAt = at,
            };
        }

        var next = state with { Version = version, UpdatedAt = at };
        return e switch
        {
            PostmortemSectionEdited s => next with { Sections = new Dictionary<string, string>(next.Sections) { [s.Section] = s.Text } },
            PostmortemTimelineCurated c => next with
            {
                Included = c.Included ? [.. next.Included.Where(x => x != c.Entry), c.Entry] : [.. next.Included.Where(x => x != c.Entry)],
                Excluded = c.Included ? [.. next.Excluded.Where(x => x != c.Entry)] : [.. next.Excluded.Where(x => x != c.Entry), c.Entry],
            },
            PostmortemWhysSet w => next with { Whys = w.Whys },
            PostmortemCauseTagsSet t => next with { CauseTags = t.Tags },
            PostmortemReviewRequested r => next with { Status = PostmortemStatus.InReview, Reviewers = r.Reviewers },
            PostmortemPublished => next with { Status = PostmortemStatus.Published, PublishedAt = at, PublishedBy = actor },
            PostmortemReopened => next with { Status = PostmortemStatus.Draft, PublishedAt = null, PublishedBy = null },
            PostmortemFindingDismissed d => next with { Dismissed = [.. next.Dismissed, new DismissedFinding(d.Finding, d.Reason, actor)] },
            PostmortemReminded => next with { Reminded = true },
            _ => next,
        };
    }
}
