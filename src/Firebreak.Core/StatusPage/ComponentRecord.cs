using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.StatusPage;

/// <summary>A status set by hand: what, why, by whom and when.</summary>
public sealed record HandStatus(ComponentStatus Status, string Reason, string By, DateTimeOffset At);

/// <summary>A status set by hand and when it was cleared (null: still standing).</summary>
public sealed record HandPeriod(HandStatus Status, DateTimeOffset? To);

/// <summary>An admin's correction of the uptime history: the period, the status it really was, and why.</summary>
public sealed record UptimeCorrection(DateTimeOffset From, DateTimeOffset To, ComponentStatus Status, string Reason, string By, DateTimeOffset At);

/// <summary>A component's own stream folded: the status set by hand (if any), every one set before, and the corrections.</summary>
public sealed record ComponentRecord
{
    public required string Name { get; init; }
    public required long Version { get; init; }
    public HandStatus? Hand { get; init; }

    /// <summary>Every status set by hand and when it was cleared (To null: still standing), for the uptime history.</summary>
    public IReadOnlyList<HandPeriod> HandHistory { get; init; } = [];

    public IReadOnlyList<UptimeCorrection> Corrections { get; init; } = [];
}

public interface IComponentCommand;

/// <summary>Sets a component's status by hand (or "automatic" to let incidents and maintenance say it again), with a reason.</summary>
public sealed record SetComponentStatus(string? Status, string? Reason) : IComponentCommand;

/// <summary>Corrects what the uptime history says of a period.</summary>
public sealed record CorrectUptime(DateTimeOffset? From, DateTimeOffset? To, string? Status, string? Reason) : IComponentCommand;

public static class Components
{
    /// <summary>The word that clears a status set by hand.</summary>
    public const string Automatic = "automatic";

    private static Result<IReadOnlyList<IStatusPageEvent>> Ok(params IStatusPageEvent[] events) => Result<IReadOnlyList<IStatusPageEvent>>.Ok(events);

    public static Result<IReadOnlyList<IStatusPageEvent>> Decide(ComponentRecord record, IComponentCommand command, DateTimeOffset now) => command switch
    {
        SetComponentStatus c => DecideSet(record, c),
        CorrectUptime c => DecideCorrection(c, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown component command."),
    };

    private static Result<IReadOnlyList<IStatusPageEvent>> DecideSet(ComponentRecord record, SetComponentStatus c)
    {
        ComponentStatus? status = null;
        if (!string.Equals(c.Status?.Trim(), Automatic, StringComparison.OrdinalIgnoreCase))
        {
            if (!WireNames.TryParse<ComponentStatus>(c.Status, out var parsed))
            {
                return new Invalid("status", $"'{Text.Clip(c.Status ?? string.Empty, 40)}' is not a component status: use one of {string.Join(", ", WireNames.All<ComponentStatus>())}, or {Automatic} to let incidents and maintenance say it.");
            }

            status = parsed;
        }

        if (status is null && record.Hand is null)
        {
            return new Invalid("status", $"{record.Name} is not set by hand; incidents and maintenance already say its status.");
        }

        if (status is { } s && record.Hand?.Status == s)
        {
            return new Invalid("status", $"{record.Name} is set to {WireNames.Of(s)} already.");
        }

        if (Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error)
        {
            return new Invalid("reason", $"Say why the status is set by hand: {error.Message}");
        }

        return Ok(new ComponentStatusSet(status, reason));
    }

    private static Result<IReadOnlyList<IStatusPageEvent>> DecideCorrection(CorrectUptime c, DateTimeOffset now)
    {
        if (c.From is not { } from || c.To is not { } to)
        {
            return new Invalid(c.From is null ? "from" : "to", "Give the period: 'from' and 'to' (ISO-8601 with an offset).");
        }

        if (to <= from)
        {
            return new Invalid("to", $"'to' ({to:O}) must be after 'from' ({from:O}).");
        }

        if (to > now)
        {
            return new Invalid("to", "A correction is of the past: 'to' must not be later than now.");
        }

        if (!WireNames.TryParse<ComponentStatus>(c.Status, out var status))
        {
            return new Invalid("status", $"'{Text.Clip(c.Status ?? string.Empty, 40)}' is not a component status: use one of {string.Join(", ", WireNames.All<ComponentStatus>())}.");
        }

        if (Text.Required("reason", c.Reason, Limits.Reason, out var reason) is { } error)
        {
            return new Invalid("reason", $"Say why the history is corrected: {error.Message}");
        }

        return Ok(new UptimeCorrected(from, to, status, reason));
    }

    public static ComponentRecord Evolve(ComponentRecord record, long version, IStatusPageEvent e, string actor, DateTimeOffset at)
    {
        var next = record with { Version = version };
        return e switch
        {
            ComponentStatusSet s => next with
            {
                Hand = s.Status is { } status ? new HandStatus(status, s.Reason, actor, at) : null,
                HandHistory = [
                    .. next.HandHistory.Select(h => h.To is null ? h with { To = at } : h),
                    .. s.Status is { } set ? [new HandPeriod(new HandStatus(set, s.Reason, actor, at), null)] : Array.Empty<HandPeriod>(),
                ],
            },
            UptimeCorrected u => next with { Corrections = [.. next.Corrections, new UptimeCorrection(u.From, u.To, u.Status, u.Reason, actor, at)] },
            _ => next,
        };
    }
}
