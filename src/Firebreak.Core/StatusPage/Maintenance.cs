using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.StatusPage;

/// <summary>One message of a maintenance as users see it: the status it announced, its words and when.</summary>
public sealed record MaintenanceNote(MaintenanceStatus Status, string Message, DateTimeOffset At);

/// <summary>A maintenance: a left fold of its stream (<see cref="Maintenance.Evolve"/>).</summary>
public sealed record MaintenanceState
{
    public required long Id { get; init; }
    public required long Version { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<string> Components { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required MaintenanceStatus Status { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool Reminded { get; init; }
    public IReadOnlyList<MaintenanceNote> Notes { get; init; } = [];

    /// <summary>In progress or verifying: its components are under maintenance.</summary>
    public bool IsActive => Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying;

    /// <summary>Completed or cancelled: it takes no more changes.</summary>
    public bool IsOver => Status is MaintenanceStatus.Completed or MaintenanceStatus.Cancelled;

    public string Key => $"MNT-{Id}";
}

/// <summary>Requests to change a maintenance, decided against its state.</summary>
public interface IMaintenanceCommand;

public sealed record ScheduleMaintenance(string? Title, string? Message, IReadOnlyList<string>? Components, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt) : IMaintenanceCommand;

/// <summary>Moves a maintenance on by hand: in_progress, verifying or completed, with what to tell users.</summary>
public sealed record ProgressMaintenance(string? Status, string? Message) : IMaintenanceCommand;

public sealed record CancelMaintenance(string? Reason) : IMaintenanceCommand;

/// <summary>What the scheduler does at a maintenance's times: remind ahead, start at the start, complete at the end.</summary>
public sealed record AdvanceMaintenance(TimeSpan RemindAhead) : IMaintenanceCommand;

/// <summary>The maintenance aggregate: pure decisions and the fold.</summary>
public static class Maintenance
{
    public const int MaxMessage = 5_000;
    public const int MaxWindowDays = 31;

    private static Result<IReadOnlyList<IStatusPageEvent>> Ok(params IStatusPageEvent[] events) => Result<IReadOnlyList<IStatusPageEvent>>.Ok(events);

    public static Result<IReadOnlyList<IStatusPageEvent>> Decide(MaintenanceState? state, IMaintenanceCommand command, IReadOnlyList<string> components, DateTimeOffset now)
    {
        if (command is ScheduleMaintenance schedule)
        {
            return state is null ? DecideSchedule(schedule, components, now) : new Conflict("The maintenance already exists.", state.Version);
        }

        if (state is null)
        {
            return new NotFound("There is no such maintenance.");
        }

        if (state.IsOver && command is not AdvanceMaintenance)
        {
            return new Invalid("status", $"{state.Key} is {WireNames.Of(state.Status)}; it takes no more changes. Schedule a new one.");
        }

        return command switch
        {
            ProgressMaintenance c => DecideProgress(state, c),
            CancelMaintenance c => Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error
                ? new Invalid("reason", $"Say why the maintenance is called off: {error.Message}")
                : Ok(new MaintenanceCancelled(reason)),
            AdvanceMaintenance c => DecideAdvance(state, c, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown maintenance command."),
        };
    }

    private static Result<IReadOnlyList<IStatusPageEvent>> DecideSchedule(ScheduleMaintenance c, IReadOnlyList<string> components, DateTimeOffset now)
    {
        var titleError = Text.RequiredLine("title", c.Title, Limits.Title, out var title);
        var messageError = Text.Required("message", c.Message, MaxMessage, out var message);
        if ((titleError ?? messageError) is { } error)
        {
            return error;
        }

        if (c.StartsAt is not { } starts || c.EndsAt is not { } ends)
        {
            return new Invalid(c.StartsAt is null ? "startsAt" : "endsAt", "Give the window: 'startsAt' and 'endsAt' (ISO-8601 with an offset, for example 2026-12-05T02:00:00Z).");
        }

        if (ends <= starts)
        {
            return new Invalid("endsAt", $"'endsAt' ({ends:O}) must be after 'startsAt' ({starts:O}).");
        }

        if (ends - starts > TimeSpan.FromDays(MaxWindowDays))
        {
            return new Invalid("endsAt", $"A maintenance window is at most {MaxWindowDays} days; split a longer one.");
        }

        if (ends <= now)
        {
            return new Invalid("endsAt", $"The window ended already ({ends:O}); a maintenance is scheduled for now or later.");
        }

        var named = new List<string>();
        foreach (var given in c.Components ?? [])
        {
            var component = components.FirstOrDefault(n => string.Equals(n, given?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (component is null)
            {
                return new Invalid("components", components.Count == 0
                    ? "The status page has no components: declare them under statusPage.components (or services) in firebreak.yaml."
                    : $"There is no component '{Text.Clip(given ?? string.Empty, 100)}'; the components are {string.Join(", ", components)}.");
            }

            if (!named.Contains(component))
            {
                named.Add(component);
            }
        }

        if (named.Count == 0)
        {
            return new Invalid("components", "Name the components the maintenance affects (at least one).");
        }

        return Ok(new MaintenanceScheduled(title, message, named, starts, ends));
    }

    private static Result<IReadOnlyList<IStatusPageEvent>> DecideProgress(MaintenanceState state, ProgressMaintenance c)
    {
        if (!WireNames.TryParse<MaintenanceStatus>(c.Status, out var to) || to is MaintenanceStatus.Scheduled or MaintenanceStatus.Cancelled)
        {
            return new Invalid("status", $"'{Text.Clip(c.Status ?? string.Empty, 40)}' is not a step: use in_progress, verifying or completed (or cancel it).");
        }

        if (to <= state.Status)
        {
            return new Invalid("status", $"{state.Key} is {WireNames.Of(state.Status)} already; it moves on to {string.Join(" or ", Next(state.Status).Select(WireNames.Of))}.");
        }

        if (Text.Optional("message", c.Message, MaxMessage, out var message) is { } error)
        {
            return error;
        }

        return Ok(new MaintenanceProgressed(to, message.Length == 0 ? null : message, Automatic: false));
    }

    /// <summary>A status as people read it: "In progress", not in_progress.</summary>
    public static string Words(MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.Scheduled => "Scheduled",
        MaintenanceStatus.InProgress => "In progress",
        MaintenanceStatus.Verifying => "Verifying",
        MaintenanceStatus.Completed => "Completed",
        _ => "Cancelled",
    };

    /// <summary>The steps a maintenance may take from <paramref name="status"/> (verifying may be skipped).</summary>
    public static IReadOnlyList<MaintenanceStatus> Next(MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.Scheduled => [MaintenanceStatus.InProgress, MaintenanceStatus.Verifying, MaintenanceStatus.Completed],
        MaintenanceStatus.InProgress => [MaintenanceStatus.Verifying, MaintenanceStatus.Completed],
        MaintenanceStatus.Verifying => [MaintenanceStatus.Completed],
        _ => [],
    };

    private static Result<IReadOnlyList<IStatusPageEvent>> DecideAdvance(MaintenanceState state, AdvanceMaintenance c, DateTimeOffset now)
    {
        if (state.IsOver)
        {
            return Ok();
        }

        if (state.Status == MaintenanceStatus.Scheduled && now >= state.StartsAt)
        {
            return now >= state.EndsAt
                ? Ok(new MaintenanceProgressed(MaintenanceStatus.InProgress, null, Automatic: true), new MaintenanceProgressed(MaintenanceStatus.Completed, null, Automatic: true))
                : Ok(new MaintenanceProgressed(MaintenanceStatus.InProgress, null, Automatic: true));
        }

        if (state.IsActive && now >= state.EndsAt)
        {
            return Ok(new MaintenanceProgressed(MaintenanceStatus.Completed, null, Automatic: true));
        }

        if (state.Status == MaintenanceStatus.Scheduled && !state.Reminded && now >= state.StartsAt - c.RemindAhead)
        {
            return Ok(new MaintenanceReminded(state.StartsAt));
        }

        return Ok();
    }

    /// <summary>When the scheduler must look at it next: the reminder, the start, the end; null once it is over.</summary>
    public static DateTimeOffset? NextDue(MaintenanceState state, TimeSpan remindAhead) => state switch
    {
        { IsOver: true } => null,
        { Status: MaintenanceStatus.Scheduled, Reminded: false } when remindAhead > TimeSpan.Zero && state.StartsAt - remindAhead > state.CreatedAt => state.StartsAt - remindAhead,
        { Status: MaintenanceStatus.Scheduled } => state.StartsAt,
        _ => state.EndsAt,
    };

    public static MaintenanceState Evolve(MaintenanceState? state, long id, long version, IStatusPageEvent e, string actor, DateTimeOffset at)
    {
        if (state is null)
        {
            if (e is not MaintenanceScheduled s)
            {
                throw new InvalidOperationException($"Maintenance {id} starts with {e.GetType().Name}, not a schedule.");
            }

            return new MaintenanceState
            {
                Id = id,
                Version = version,
                Title = s.Title,
                Components = s.Components,
                StartsAt = s.StartsAt,
                EndsAt = s.EndsAt,
                Status = MaintenanceStatus.Scheduled,
                CreatedBy = actor,
                CreatedAt = at,
                UpdatedAt = at,
                Notes = [new MaintenanceNote(MaintenanceStatus.Scheduled, s.Message, at)],
            };
        }

        var next = state with { Version = version, UpdatedAt = at };
        return e switch
        {
            MaintenanceProgressed p => next with
            {
                Status = p.Status,
                StartedAt = next.StartedAt ?? (p.Status >= MaintenanceStatus.InProgress ? at : null),
                CompletedAt = p.Status == MaintenanceStatus.Completed ? at : null,
                Notes = [.. next.Notes, new MaintenanceNote(p.Status, p.Message ?? DefaultMessage(p.Status, p.Automatic), at)],
            },
            MaintenanceCancelled c => next with
            {
                Status = MaintenanceStatus.Cancelled,
                CompletedAt = at,
                Notes = [.. next.Notes, new MaintenanceNote(MaintenanceStatus.Cancelled, $"This maintenance is cancelled: {c.Reason}", at)],
            },
            MaintenanceReminded => next with { Reminded = true },
            _ => next,
        };
    }

    /// <summary>What users are told at a step nobody wrote words for.</summary>
    public static string DefaultMessage(MaintenanceStatus status, bool automatic) => status switch
    {
        MaintenanceStatus.InProgress => automatic ? "The scheduled maintenance has started." : "The maintenance is in progress.",
        MaintenanceStatus.Verifying => "The work is done; we are verifying that everything works as it should.",
        MaintenanceStatus.Completed => automatic ? "The scheduled maintenance has ended." : "The maintenance is complete.",
        _ => string.Empty,
    };
}
