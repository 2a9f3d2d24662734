using System.Globalization;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.ActionItems;

[JsonConverter(typeof(JsonStringEnumConverter<ActionPriority>))]
public enum ActionPriority
{
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("low")] Low,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
public enum ActionStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("wont_do")] WontDo,
}

/// <summary>Something that happened to an action item: each is a stream of its own, linked to its incident's postmortem.</summary>
public interface IActionItemEvent : IEvent;

/// <summary>The fields a person writes: the title, who owns it, when it is due, its type and priority, and any detail.</summary>
public sealed record ActionFields(string Title, string? Owner, DateOnly? DueOn, ActionType? Type, ActionPriority Priority, string? Description);

public sealed record ActionItemCreated(long IncidentId, ActionFields Fields, IReadOnlyList<string> Services) : IActionItemEvent;

/// <summary>The written fields were changed (all of them, as they now are).</summary>
public sealed record ActionItemChanged(ActionFields Fields) : IActionItemEvent;

public sealed record ActionItemStatusChanged(ActionStatus Status, string? Reason) : IActionItemEvent;

/// <summary>The item was pushed to an external tracker, which gave it a key and an address.</summary>
public sealed record ActionItemPushed(string Tracker, string ExternalKey, string? Url) : IActionItemEvent;

/// <summary>Someone asked for the item to be pushed to an external tracker; the push goes out through the outbox.</summary>
public sealed record ActionItemPushRequested(string Tracker) : IActionItemEvent;

/// <summary>The owner was reminded that the item is past due (once per due date).</summary>
public sealed record ActionItemReminded(DateOnly DueOn) : IActionItemEvent;

public static class ActionItemEventTypes
{
    public static EventTypeMap Map { get; } = new(
        ("action.created.v1", typeof(ActionItemCreated)),
        ("action.changed.v1", typeof(ActionItemChanged)),
        ("action.status-changed.v1", typeof(ActionItemStatusChanged)),
        ("action.push-requested.v1", typeof(ActionItemPushRequested)),
        ("action.pushed.v1", typeof(ActionItemPushed)),
        ("action.reminded.v1", typeof(ActionItemReminded)));

    public static IReadOnlyCollection<Type> All => Map.All;

    public static string NameOf(IEvent e) => Map.NameOf(e);

    public static Type TypeOf(string name) => Map.TypeOf(name);
}

/// <summary>An action item: a left fold of its stream (<see cref="ActionItem.Evolve"/>).</summary>
public sealed record ActionItemState
{
    public required long Id { get; init; }
    public required long Version { get; init; }
    public required long IncidentId { get; init; }
    public required ActionFields Fields { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public required ActionStatus Status { get; init; }
    public string? Reason { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }
    public string? Tracker { get; init; }

    /// <summary>The tracker a push was asked for and has not come back from yet.</summary>
    public string? PushingTo { get; init; }
    public string? ExternalKey { get; init; }
    public string? ExternalUrl { get; init; }
    public DateOnly? RemindedFor { get; init; }

    public string Key => $"ACT-{Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Done or won't do: nothing is owed any more.</summary>
    public bool IsClosed => Status is ActionStatus.Done or ActionStatus.WontDo;

    /// <summary>Open past its due date (the day after the due day, in UTC).</summary>
    public bool IsOverdue(DateTimeOffset now) => !IsClosed && Fields.DueOn is { } due && DateOnly.FromDateTime(now.UtcDateTime) > due;

    /// <summary>When the follow-through reminder is due: the first moment past the due day (UTC), once per due date; null when closed or reminded.</summary>
    public DateTimeOffset? ReminderDue => IsClosed || Fields.DueOn is not { } due || RemindedFor == due
        ? null
        : new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>What makes it vague or incomplete (the vague-action guardrail); none for a closed item.</summary>
    public IReadOnlyList<ActionFinding> Findings => IsClosed ? [] : VagueActions.Check(Fields.Title, Fields.Owner, Fields.DueOn, Fields.Type);
}

/// <summary>Requests to change an action item.</summary>
public interface IActionItemCommand;

/// <summary>A new item for an incident; the due date is a day (2026-12-20), the type prevent, detect or mitigate.</summary>
public sealed record CreateActionItem(string? Title, string? Owner, string? Due, string? Type, string? Priority, string? Description) : IActionItemCommand;

/// <summary>Changes the written fields; a field left null stays as it is, an empty text clears it.</summary>
public sealed record UpdateActionItem(string? Title, string? Owner, string? Due, string? Type, string? Priority, string? Description) : IActionItemCommand;

/// <summary>Moves the item: open, in_progress, done, or wont_do with a reason.</summary>
public sealed record ChangeActionStatus(string? Status, string? Reason) : IActionItemCommand;

/// <summary>Pushes the item to the named external tracker (once: an item tracked elsewhere is not pushed again).</summary>
public sealed record PushActionItem(string? Tracker) : IActionItemCommand;

/// <summary>Records what the tracker gave back: its key and address for the item.</summary>
public sealed record RecordPush(string Tracker, string ExternalKey, string? Url) : IActionItemCommand;

/// <summary>Records the overdue reminder once per due date, when the item is still open past it.</summary>
public sealed record RemindActionOverdue : IActionItemCommand;

/// <summary>What a decision about an action item needs to know besides the item: the accounts an owner may be, the trackers it may be pushed to.</summary>
public sealed record ActionContext(IReadOnlyCollection<string> Accounts, DateTimeOffset Now)
{
    public IReadOnlyCollection<string> Trackers { get; init; } = [];
}

/// <summary>The action item aggregate: pure decisions and the fold.</summary>
public static class ActionItem
{
    public const int MaxDescription = 10_000;

    private static Result<IReadOnlyList<IActionItemEvent>> Ok(params IActionItemEvent[] events) => Result<IReadOnlyList<IActionItemEvent>>.Ok(events);

    /// <summary>Decides a new item for <paramref name="incident"/>.</summary>
    public static Result<IReadOnlyList<IActionItemEvent>> DecideCreate(IncidentState incident, CreateActionItem c, ActionContext context)
    {
        var fields = Fields(null, c.Title, c.Owner, c.Due, c.Type, c.Priority, c.Description, context);
        return fields.IsSuccess ? Ok(new ActionItemCreated(incident.Id, fields.Value, incident.Services)) : fields.Error!;
    }

    public static Result<IReadOnlyList<IActionItemEvent>> Decide(ActionItemState? state, IActionItemCommand command, ActionContext context)
    {
        if (state is null)
        {
            return new NotFound("There is no such action item.");
        }

        switch (command)
        {
            case PushActionItem p:
            {
                var tracker = context.Trackers.FirstOrDefault(t => string.Equals(t, p.Tracker?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (tracker is null)
                {
                    return new Invalid("tracker", context.Trackers.Count == 0
                        ? "No tracker is configured: declare one under postmortems.trackers in firebreak.yaml (see docs/postmortems.md)."
                        : $"There is no tracker '{Text.Clip(p.Tracker ?? string.Empty, 60)}'; the trackers are {string.Join(", ", context.Trackers)}.");
                }

                if (state.ExternalKey is { } key)
                {
                    return new Conflict($"{state.Key} is tracked as {key} in {state.Tracker} already.", state.Version);
                }

                return state.PushingTo is not null ? Ok() : Ok(new ActionItemPushRequested(tracker));
            }

            case RecordPush r:
                return state.ExternalKey is not null ? Ok() : Ok(new ActionItemPushed(r.Tracker, r.ExternalKey, r.Url));

            case RemindActionOverdue:
                return state.IsOverdue(context.Now) && state.RemindedFor != state.Fields.DueOn ? Ok(new ActionItemReminded(state.Fields.DueOn!.Value)) : Ok();

            case UpdateActionItem u:
            {
                var fields = Fields(state.Fields, u.Title, u.Owner, u.Due, u.Type, u.Priority, u.Description, context);
                return !fields.IsSuccess ? fields.Error! : fields.Value == state.Fields ? Ok() : Ok(new ActionItemChanged(fields.Value));
            }

            case ChangeActionStatus s:
            {
                if (!WireNames.TryParse<ActionStatus>(s.Status, out var to))
                {
                    return new Invalid("status", $"'{Text.Clip(s.Status ?? string.Empty, 40)}' is not a status: use open, in_progress, done or wont_do.");
                }

                if (Text.Optional("reason", s.Reason, Limits.Reason, out var reason) is { } error)
                {
                    return error;
                }

                if (to == ActionStatus.WontDo && reason.Length == 0)
                {
                    return new Invalid("reason", "Say why it will not be done: a 'won't do' needs a reason, so the decision is on record.");
                }

                return to == state.Status ? Ok() : Ok(new ActionItemStatusChanged(to, reason.Length == 0 ? null : reason));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown action item command.");
        }
    }

    private static Result<ActionFields> Fields(ActionFields? before, string? title, string? owner, string? due, string? type, string? priority, string? description, ActionContext context)
    {
        var writtenTitle = before?.Title ?? string.Empty;
        if (title is not null || before is null)
        {
            if (Text.RequiredLine("title", title, Limits.Title, out writtenTitle) is { } error)
            {
                return error;
            }
        }

        var writtenOwner = before?.Owner;
        if (owner is not null)
        {
            var trimmed = owner.Trim();
            if (trimmed.Length == 0)
            {
                writtenOwner = null;
            }
            else
            {
                writtenOwner = context.Accounts.FirstOrDefault(a => string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase));
                if (writtenOwner is null)
                {
                    return new Invalid("owner", $"There is no account '{Text.Clip(trimmed, 60)}': the owner is a person who can sign in (see the accounts under /admin).");
                }
            }
        }

        var writtenDue = before?.DueOn;
        if (due is not null)
        {
            var trimmed = due.Trim();
            if (trimmed.Length == 0)
            {
                writtenDue = null;
            }
            else if (!DateOnly.TryParseExact(trimmed.Length > 10 ? trimmed[..10] : trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return new Invalid("due", $"'{Text.Clip(trimmed, 40)}' is not a day: write the due date as YYYY-MM-DD, for example 2026-12-20.");
            }
            else
            {
                writtenDue = day;
            }
        }

        var writtenType = before?.Type;
        if (type is not null)
        {
            if (type.Trim().Length == 0)
            {
                writtenType = null;
            }
            else if (WireNames.TryParse<ActionType>(type, out var parsed))
            {
                writtenType = parsed;
            }
            else
            {
                return new Invalid("type", $"'{Text.Clip(type, 40)}' is not a type: use prevent (it stops it happening again), detect (we see it sooner) or mitigate (it hurts less).");
            }
        }

        var writtenPriority = before?.Priority ?? ActionPriority.Medium;
        if (!string.IsNullOrWhiteSpace(priority))
        {
            if (!WireNames.TryParse<ActionPriority>(priority, out writtenPriority))
            {
                return new Invalid("priority", $"'{Text.Clip(priority, 40)}' is not a priority: use high, medium or low.");
            }
        }

        var writtenDescription = before?.Description;
        if (description is not null)
        {
            if (Text.Optional("description", description, MaxDescription, out var text) is { } error)
            {
                return error;
            }

            writtenDescription = text.Length == 0 ? null : text;
        }

        return new ActionFields(writtenTitle, writtenOwner, writtenDue, writtenType, writtenPriority, writtenDescription);
    }

    public static ActionItemState Evolve(ActionItemState? state, long id, long version, IActionItemEvent e, string actor, DateTimeOffset at)
    {
        if (state is null)
        {
            if (e is not ActionItemCreated created)
            {
                throw new InvalidOperationException($"Action item {id} starts with {e.GetType().Name}, not its creation.");
            }

            return new ActionItemState
            {
                Id = id,
                Version = version,
                IncidentId = created.IncidentId,
                Fields = created.Fields,
                Services = created.Services,
                Status = ActionStatus.Open,
                CreatedBy = actor,
                CreatedAt = at,
                UpdatedAt = at,
            };
        }

        var next = state with { Version = version, UpdatedAt = at };
        return e switch
        {
            ActionItemChanged c => next with { Fields = c.Fields },
            ActionItemStatusChanged s => next with
            {
                Status = s.Status,
                Reason = s.Reason,
                DoneAt = s.Status is ActionStatus.Done or ActionStatus.WontDo ? at : null,
            },
            ActionItemPushRequested r => next with { PushingTo = r.Tracker },
            ActionItemPushed p => next with { Tracker = p.Tracker, ExternalKey = p.ExternalKey, ExternalUrl = p.Url, PushingTo = null },
            ActionItemReminded r => next with { RemindedFor = r.DueOn },
            _ => next,
        };
    }
}
