using System.Globalization;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Alerts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertGroupStatus>))]
public enum AlertGroupStatus
{
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("acknowledged")] Acknowledged,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>
/// An alert group: a left fold of its stream (<see cref="AlertGroup.Evolve"/>). It counts its alerts but does
/// not hold them (a storm has thousands); each alert's own row is kept beside it by the store.
/// </summary>
public sealed record AlertGroupState
{
    public const int KeptChanges = 32;

    public required long Id { get; init; }
    public required long Version { get; init; }
    public required string Integration { get; init; }
    public required string Key { get; init; }
    public required string Title { get; init; }
    public string? Service { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public required AlertGroupStatus Status { get; init; }

    /// <summary>Alerts firing now.</summary>
    public int Firing { get; init; }

    /// <summary>Distinct alerts the group has held.</summary>
    public int Alerts { get; init; }

    /// <summary>Times an alert of the group fired (a first time or again).</summary>
    public long Fired { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset LastFiredAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? SilencedUntil { get; init; }
    public DateTimeOffset? FlappingAt { get; init; }

    /// <summary>When the group last changed between firing and resolved, newest last (the last <see cref="KeptChanges"/>).</summary>
    public IReadOnlyList<DateTimeOffset> Changes { get; init; } = [];
    public long? IncidentId { get; init; }

    /// <summary>The group's name people use: AG-12.</summary>
    public string Name => "AG-" + Id.ToString(CultureInfo.InvariantCulture);

    public bool IsSilenced(DateTimeOffset now) => SilencedUntil is { } until && until > now;

    public bool IsFlapping => FlappingAt is not null;
}

/// <summary>What a person asks of a group.</summary>
public interface IAlertGroupCommand;

public sealed record AcknowledgeGroup(string? Reason) : IAlertGroupCommand;

public sealed record ResolveGroup(string? Reason) : IAlertGroupCommand;

/// <summary>Silences the group for a while (<see cref="For"/>: 30m, 2h, 1d), with a reason.</summary>
public sealed record SilenceGroup(string? For, string? Reason) : IAlertGroupCommand;

/// <summary>Records the incident the group was attached to (the scheduler's auto-declare, or a person).</summary>
public sealed record AttachGroup(long IncidentId, bool Declared) : IAlertGroupCommand;

/// <summary>The alert group aggregate: the intake's decision, people's commands, and the fold.</summary>
public static class AlertGroup
{
    public static readonly TimeSpan MaxSilence = TimeSpan.FromDays(30);

    /// <summary>Whether the next firing alert with the group's key joins it (open, or resolved within the window) or opens a new group.</summary>
    public static bool TakesAlerts(AlertGroupState? group, AlertPolicy policy, DateTimeOffset now) =>
        group is not null && (group.Status != AlertGroupStatus.Resolved || (group.ResolvedAt is { } resolved && now - resolved < policy.Window));

    /// <summary>
    /// What a request's alerts for one group do to it. <paramref name="group"/> is null for a group not opened
    /// yet; <paramref name="known"/> is how each alert of the request stood in the group before. Repeats of
    /// what the group knows change nothing, so a sender re-sending firing alerts every minute appends nothing.
    /// </summary>
    public static IReadOnlyList<IAlertGroupEvent> DecideIntake(
        AlertGroupState? group,
        string integration,
        string key,
        IReadOnlyList<IncomingAlert> alerts,
        bool groupResolved,
        IntakeAction action,
        IReadOnlyDictionary<string, AlertStatus> known,
        AlertPolicy policy,
        DateTimeOffset now)
    {
        var events = new List<IAlertGroupEvent>();
        var firing = alerts.Where(a => a.Status == AlertStatus.Firing && action == IntakeAction.Notify).ToList();
        if (group is null)
        {
            if (firing.Count == 0)
            {
                return [];   // a resolve or an acknowledge for nothing open is dropped, as PagerDuty does
            }

            var first = firing[0];
            var labels = CommonLabels(firing);
            events.Add(new AlertGroupOpened(integration, key, first.Title, policy.ServiceOf(first.Labels), labels));
        }

        var firingNow = group?.Firing ?? 0;
        var seen = new Dictionary<string, AlertStatus>(known, StringComparer.Ordinal);
        var fired = false;
        foreach (var alert in alerts)
        {
            var before = seen.TryGetValue(alert.Fingerprint, out var s) ? s : (AlertStatus?)null;
            if (action == IntakeAction.Acknowledge)
            {
                continue;
            }

            if (alert.Status == AlertStatus.Firing && before != AlertStatus.Firing)
            {
                if (!fired && group is { Status: AlertGroupStatus.Resolved })
                {
                    events.Add(new AlertGroupReopened());
                }

                fired = true;
                events.Add(new AlertFired(alert.Fingerprint, before is null, alert.Title, alert.Labels, alert.Annotations, alert.StartsAt, alert.Link));
                seen[alert.Fingerprint] = AlertStatus.Firing;
                firingNow++;
            }
            else if (alert.Status == AlertStatus.Resolved && before == AlertStatus.Firing)
            {
                events.Add(new AlertResolved(alert.Fingerprint, alert.EndsAt));
                seen[alert.Fingerprint] = AlertStatus.Resolved;
                firingNow--;
            }
        }

        var open = group is null || group.Status != AlertGroupStatus.Resolved || fired;
        if (action == IntakeAction.Acknowledge && group is { Status: AlertGroupStatus.Firing } && alerts.Any(a => known.GetValueOrDefault(a.Fingerprint) == AlertStatus.Firing))
        {
            events.Add(new AlertGroupAcknowledged("acknowledged by the sender"));
        }

        if (open && (firingNow <= 0 || (groupResolved && !alerts.Any(a => a.Status == AlertStatus.Firing))) && (group is not null || events.Count > 0))
        {
            events.Add(new AlertGroupResolved(false, null));
        }

        if (group is not null && !group.IsFlapping)
        {
            var changes = group.Changes.Count(c => now - c < policy.Window)
                + events.Count(e => e is AlertGroupReopened or AlertGroupResolved);
            if (changes >= policy.FlapChanges)
            {
                events.Add(new AlertGroupFlapping(changes, policy.Window));
            }
        }

        return events;
    }

    public static Result<IReadOnlyList<IAlertGroupEvent>> Decide(AlertGroupState? group, IAlertGroupCommand command, DateTimeOffset now)
    {
        if (group is null)
        {
            return new NotFound("There is no such alert group.");
        }

        switch (command)
        {
            case AcknowledgeGroup c:
                if (Text.OptionalLine("reason", c.Reason, Limits.Reason, out var ackReason) is { } badAck)
                {
                    return badAck;
                }

                return group.Status switch
                {
                    AlertGroupStatus.Resolved => new Invalid("status", $"{group.Name} is resolved: there is nothing to acknowledge."),
                    AlertGroupStatus.Acknowledged => Ok(),
                    _ => Ok(new AlertGroupAcknowledged(ackReason.Length == 0 ? null : ackReason)),
                };
            case ResolveGroup c:
                if (Text.OptionalLine("reason", c.Reason, Limits.Reason, out var reason) is { } badReason)
                {
                    return badReason;
                }

                return group.Status == AlertGroupStatus.Resolved ? Ok() : Ok(new AlertGroupResolved(true, reason.Length == 0 ? null : reason));
            case SilenceGroup c:
                if (Durations.Parse(c.For) is not { } span || span <= TimeSpan.Zero || span > MaxSilence)
                {
                    return new Invalid("for", $"Say for how long, such as 30m, 2h or 1d (at most {MaxSilence.TotalDays.ToString(CultureInfo.InvariantCulture)} days).");
                }

                if (Text.RequiredLine("reason", c.Reason, Limits.Reason, out var why) is { } badWhy)
                {
                    return new Invalid("reason", $"Say why it is silenced: {badWhy.Message}");
                }

                return Ok(new AlertGroupSilenced(now + span, why));
            case AttachGroup c:
                return group.IncidentId == c.IncidentId ? Ok() : Ok(new AlertGroupAttached(c.IncidentId, c.Declared));
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown alert group command.");
        }
    }

    private static Result<IReadOnlyList<IAlertGroupEvent>> Ok(params IAlertGroupEvent[] events) => Result<IReadOnlyList<IAlertGroupEvent>>.Ok(events);

    /// <summary>The labels every alert shares, with the same value.</summary>
    public static IReadOnlyDictionary<string, string> CommonLabels(IReadOnlyList<IncomingAlert> alerts)
    {
        var common = new Dictionary<string, string>(alerts[0].Labels, StringComparer.Ordinal);
        foreach (var alert in alerts.Skip(1))
        {
            foreach (var (name, value) in common.ToList())
            {
                if (!alert.Labels.TryGetValue(name, out var other) || other != value)
                {
                    common.Remove(name);
                }
            }
        }

        return common;
    }

    public static AlertGroupState Evolve(AlertGroupState? state, long id, long version, IAlertGroupEvent e, string actor, DateTimeOffset at)
    {
        if (state is null)
        {
            if (e is not AlertGroupOpened opened)
            {
                throw new InvalidOperationException($"An alert group starts with its opening, not {e.GetType().Name}.");
            }

            return new AlertGroupState
            {
                Id = id,
                Version = version,
                Integration = opened.Integration,
                Key = opened.Key,
                Title = opened.Title,
                Service = opened.Service,
                Labels = opened.Labels,
                Status = AlertGroupStatus.Firing,
                OpenedAt = at,
                UpdatedAt = at,
                LastFiredAt = at,
            };
        }

        var next = state with { Version = version, UpdatedAt = at };
        return e switch
        {
            AlertFired f => next with { Firing = next.Firing + 1, Alerts = next.Alerts + (f.New ? 1 : 0), Fired = next.Fired + 1, LastFiredAt = at },
            AlertResolved => next with { Firing = Math.Max(0, next.Firing - 1) },
            AlertGroupReopened => next with { Status = AlertGroupStatus.Firing, ResolvedAt = null, AcknowledgedAt = null, AcknowledgedBy = null, Changes = Change(next.Changes, at) },
            AlertGroupResolved => next with { Status = AlertGroupStatus.Resolved, Firing = 0, ResolvedAt = at, Changes = Change(next.Changes, at) },
            AlertGroupAcknowledged => next with { Status = AlertGroupStatus.Acknowledged, AcknowledgedAt = at, AcknowledgedBy = actor },
            AlertGroupSilenced s => next with { SilencedUntil = s.Until },
            AlertGroupFlapping => next with { FlappingAt = at },
            AlertGroupAttached a => next with { IncidentId = a.IncidentId },
            _ => next,
        };
    }

    private static IReadOnlyList<DateTimeOffset> Change(IReadOnlyList<DateTimeOffset> changes, DateTimeOffset at) =>
        [.. changes.Skip(Math.Max(0, changes.Count - AlertGroupState.KeptChanges + 1)), at];
}
