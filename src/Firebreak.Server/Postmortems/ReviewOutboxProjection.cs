using System.Globalization;
using System.Text.Json;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Core.Postmortems;
using Firebreak.Server.Notifications;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.Postmortems;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Postmortems;

/// <summary>
/// Queues the review's nudges in the append's transaction, through the routes like every other
/// message: postmortem-overdue (a required postmortem not published by its due date) to the commander,
/// follow-through (an action item past its due day) to its owner and the commander. Keyed by the
/// stream, the event's position and the channel, so a reminder is queued once. A push to an external
/// tracker is queued the same way, to the tracker's own channel.
/// </summary>
public sealed class ReviewOutboxProjection(NotificationsConfig config, PostmortemConfig trackers) : IProjection
{
    private readonly IReadOnlyDictionary<string, RoutedChannel> _channels = config.Routed;

    public bool Handles(string streamType) => streamType is PostmortemStore.PostmortemType or PostmortemStore.ActionType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        foreach (var e in append.Events)
        {
            // A push goes straight to its tracker's channel, not through the routes.
            if (e.Event is ActionItemPushRequested push && append.After is ActionItemState pushed
                && trackers.Tracker(push.Tracker) is { } tracker
                && await IncidentStore.GetAsync(scope, pushed.IncidentId, cancellationToken) is { } of)
            {
                var request = Base(of, "action-push") with
                {
                    Headline = $"{pushed.Key}: {pushed.Fields.Title}",
                    Text = pushed.Fields.Description,
                    ActionId = pushed.Id,
                    At = e.OccurredAt,
                    Position = e.Position,
                };
                var key = string.Create(CultureInfo.InvariantCulture, $"{append.Stream.Type}-{append.Stream.Id}.{e.Position}.{tracker.Channel}");
                messages.Add(new OutboxMessage(key, tracker.Channel, append.Stream, request.Kind, e.Position, e.Version, JsonSerializer.Serialize(request, NotificationsJson.Default.Notification), e.OccurredAt));
                continue;
            }

            if (config.Routes.Count == 0)
            {
                continue;
            }

            var (incidentId, make) = e.Event switch
            {
                PostmortemReminded r when append.After is PostmortemState pm => (pm.IncidentId, (Func<IncidentState, Notification>)(i => Overdue(pm, r, i))),
                ActionItemReminded r when append.After is ActionItemState a => (a.IncidentId, i => FollowThrough(a, r, i)),
                _ => (0L, null!),
            };
            if (make is null || await IncidentStore.GetAsync(scope, incidentId, cancellationToken) is not { } incident)
            {
                continue;
            }

            var message = make(incident) with { At = e.OccurredAt, Position = e.Position };
            var json = JsonSerializer.Serialize(message, NotificationsJson.Default.Notification);
            foreach (var channel in Routing.ChannelsFor(message, config.Routes, _channels))
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"{append.Stream.Type}-{append.Stream.Id}.{e.Position}.{channel}");
                messages.Add(new OutboxMessage(key, channel, append.Stream, message.Kind, e.Position, e.Version, json, e.OccurredAt));
            }
        }

        await OutboxStore.EnqueueAsync(scope, messages, cancellationToken);
    }

    private static Notification Overdue(PostmortemState pm, PostmortemReminded r, IncidentState incident) =>
        Base(incident, NotificationKind.PostmortemOverdue) with
        {
            Headline = $"{incident.Key} needs you: the postmortem is overdue",
            Text = $"The postmortem of \"{incident.Title}\" was due {PostmortemDraft.Time(r.DueAt)} and is still {WireNames.Of(pm.Status).Replace('_', ' ')}. Write the missing sections, send it to review and publish it while the memory is fresh.",
            AddressedTo = [new Addressee(IncidentRoles.Commander, incident.Commander ?? "unassigned"), .. pm.Reviewers.Select(rv => new Addressee("reviewer", rv))],
        };

    private static Notification FollowThrough(ActionItemState a, ActionItemReminded r, IncidentState incident) =>
        Base(incident, NotificationKind.FollowThrough) with
        {
            Headline = $"{incident.Key} needs you: {a.Key} is overdue",
            Text = $"{a.Key} \"{a.Fields.Title}\" was due {r.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} and is still {WireNames.Of(a.Status).Replace('_', ' ')}. Do it, move its due date with a reason, or close it as won't do with a reason.",
            AddressedTo = [new Addressee("owner", a.Fields.Owner ?? "unassigned"), new Addressee(IncidentRoles.Commander, incident.Commander ?? "unassigned")],
        };

    private static Notification Base(IncidentState incident, string kind) => new()
    {
        Kind = kind,
        IncidentId = incident.Id,
        Title = incident.Title,
        Severity = incident.Severity,
        Status = WireNames.Of(incident.Status),
        Private = incident.Private,
        Services = incident.Services,
        Headline = string.Empty,
        Actor = "firebreak",
        At = incident.UpdatedAt,
    };
}
