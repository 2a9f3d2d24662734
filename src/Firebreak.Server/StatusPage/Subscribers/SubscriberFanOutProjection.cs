using System.Text.Json;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications;
using Firebreak.Storage;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.StatusPage;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.StatusPage.Subscribers;

/// <summary>
/// Fans status page news out to the confirmed subscribers who want it, one outbox row each, in the
/// transaction of the event that makes the news: an update is never committed without its messages.
/// Unconfirmed addresses get nothing here (only their confirmation, when they sign up). Each row's
/// subject is its subscriber: one subscriber's messages go in order, many subscribers' at once.
/// </summary>
public sealed class SubscriberFanOutProjection(FirebreakConfig config) : IProjection
{
    public bool Handles(string streamType) =>
        config.StatusPage.Subscribers.Offered && streamType is IncidentStore.StreamType or StatusPageStore.MaintenanceType;

    public async Task ProjectAsync(WriteScope scope, StreamAppend append, CancellationToken cancellationToken)
    {
        var news = append.After switch
        {
            IncidentState incident => append.Events
                .Select(e => (e, n: e.Event is IIncidentEvent ie ? SubscriberNews.ForIncident(ie, incident, config.StatusPage.Components, config.Severities, e.OccurredAt, e.Position) : null))
                .Where(x => x.n is not null)
                .ToList(),
            MaintenanceState maintenance => append.Events
                .Select(e => (e, n: e.Event is IStatusPageEvent se ? SubscriberNews.ForMaintenance(se, maintenance, e.OccurredAt, e.Position) : null))
                .Where(x => x.n is not null)
                .ToList(),
            _ => [],
        };
        if (news.Count == 0)
        {
            return;
        }

        var subscribers = await SubscriberStore.ConfirmedAsync(scope, cancellationToken);
        var messages = new List<OutboxMessage>();
        foreach (var (e, n) in news)
        {
            foreach (var subscriber in subscribers.Where(s => s.Wants(n!.Components)))
            {
                if (SubscriberChannels.ChannelFor(subscriber.Kind, config.StatusPage.Subscribers) is not { } channel)
                {
                    continue;
                }

                var message = JsonSerializer.Serialize(SubscriberNews.To(n!, subscriber), NotificationsJson.Default.Notification);
                messages.Add(new OutboxMessage(SubscriberNews.KeyOf(subscriber.Id, e.Position), channel, SubscriberNews.Subject(subscriber.Id), n!.Kind, e.Position, e.Version, message, e.OccurredAt));
            }
        }

        await OutboxStore.EnqueueAsync(scope, messages, cancellationToken);
    }
}
