using System.Globalization;
using System.Text.Json;
using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Notifications;

/// <summary>
/// Queues the messages an incident's events call for, one outbox row per (message, channel), in the
/// append's transaction: an event is never committed without its messages, nor a message without its
/// event. The idempotency key is the incident, the event's global position and the channel, so the
/// same event can never queue the same message twice.
/// </summary>
public sealed class OutboxProjection(NotificationsConfig config) : IProjection
{
    private readonly IReadOnlyDictionary<string, RoutedChannel> _channels = config.Routed;

    public bool Handles(string streamType) => streamType == IncidentStore.StreamType && config.Routes.Count > 0;

    public Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        if (append.After is not IncidentState after)
        {
            return Task.CompletedTask;
        }

        var messages = new List<OutboxMessage>();
        foreach (var e in append.Events)
        {
            if (e.Event is not IIncidentEvent incidentEvent
                || Core.Notifications.Notifications.For(incidentEvent, after, e.Actor, e.OccurredAt, e.Position) is not { } message)
            {
                continue;
            }

            var json = JsonSerializer.Serialize(message, NotificationsJson.Default.Notification);
            foreach (var channel in Routing.ChannelsFor(message, config.Routes, _channels))
            {
                messages.Add(new OutboxMessage(KeyOf(after.Id, e.Position, channel), channel, append.Stream, message.Kind, e.Position, e.Version, json, e.OccurredAt));
            }
        }

        return OutboxStore.EnqueueAsync(scope, messages, cancellationToken);
    }

    /// <summary>"INC-7.1042.ops-slack": stable for the event and the channel, and unique across them.</summary>
    public static string KeyOf(long incidentId, long position, string channel) =>
        string.Create(CultureInfo.InvariantCulture, $"{IncidentKey.Format(incidentId)}.{position}.{channel}");
}
