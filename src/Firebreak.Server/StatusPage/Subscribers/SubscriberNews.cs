using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Updates;
using Firebreak.Storage.StatusPage;

namespace Firebreak.Server.StatusPage.Subscribers;

/// <summary>
/// What subscribers are told, built from the same public facts the page shows: a public update of a
/// public incident, and maintenance being scheduled, announced ahead, started, verified, completed or
/// called off. Nothing internal, private or unmarked ever becomes news.
/// </summary>
public static class SubscriberNews
{
    public const string IncidentKind = "status-incident";
    public const string MaintenanceKind = "status-maintenance";
    public const string ConfirmKind = "subscription-confirm";

    /// <summary>The news an incident event makes, or null: only a public update of an incident that is not private.</summary>
    public static Notification? ForIncident(IIncidentEvent e, IncidentState after, IReadOnlyList<StatusComponent> components, SeverityScale severities, DateTimeOffset at, long position) =>
        e is UpdatePosted { Audience: UpdateAudience.Public } update && !after.Private
            ? new Notification
            {
                Kind = IncidentKind,
                IncidentId = after.Id,
                Title = after.Title,
                Severity = after.Severity,
                Status = WireNames.Of(update.PublicStatus ?? PublicStatus.Investigating),
                Private = false,
                Headline = $"{after.Title}: {WireNames.Of(update.PublicStatus ?? PublicStatus.Investigating)}",
                Text = update.Text,
                PublicStatus = WireNames.Of(update.PublicStatus ?? PublicStatus.Investigating),
                Components = [.. StatusBoard.AffectedBy(components, after, severities).Select(a => a.Component)],
                Actor = "status",
                At = at,
                Position = position,
            }
            : null;

    /// <summary>The news a maintenance event makes (every step of it is news; an announcement ahead says when it starts).</summary>
    public static Notification? ForMaintenance(IStatusPageEvent e, MaintenanceState after, DateTimeOffset at, long position)
    {
        var (status, text) = e switch
        {
            MaintenanceScheduled s => ("scheduled", $"Scheduled for {Time(s.StartsAt)} to {Time(s.EndsAt)}: {s.Message}"),
            MaintenanceReminded r => ("scheduled", $"Starts at {Time(r.StartsAt)} and ends at {Time(after.EndsAt)}: {after.Notes[0].Message}"),
            MaintenanceProgressed p => (WireNames.Of(p.Status), after.Notes[^1].Message),
            MaintenanceCancelled => ("cancelled", after.Notes[^1].Message),
            _ => (null, null),
        };
        return status is null
            ? null
            : new Notification
            {
                Kind = MaintenanceKind,
                IncidentId = 0,
                MaintenanceId = after.Id,
                Title = after.Title,
                Severity = "maintenance",
                Status = status,
                Private = false,
                Headline = $"Maintenance: {after.Title} ({(e is MaintenanceReminded ? "starting soon" : status.Replace('_', ' '))})",
                Text = text,
                Components = after.Components,
                Actor = "status",
                At = at,
                Position = position,
            };
    }

    /// <summary>The one message an unconfirmed address gets: the link that confirms it.</summary>
    public static Notification Confirmation(Subscriber subscriber, string pageName, DateTimeOffset at) => new()
    {
        Kind = ConfirmKind,
        IncidentId = 0,
        Title = pageName,
        Severity = "subscription",
        Status = "unconfirmed",
        Private = false,
        Headline = $"Confirm your subscription to {pageName}",
        Text = "Someone (we hope you) asked to be told by email when something happens on this status page. Open the link to confirm; if it was not you, ignore this message and nothing more will come.",
        Components = subscriber.Components ?? [],
        Actor = "status",
        At = at,
    };

    /// <summary>The news addressed to one subscriber.</summary>
    public static Notification To(Notification news, Subscriber subscriber) =>
        news with { Subscription = new Subscription(subscriber.Id, subscriber.Kind, subscriber.Address, subscriber.Token) };

    /// <summary>The outbox subject of a subscriber's messages (kept in order per subscriber).</summary>
    public static Firebreak.Storage.Streams.StreamId Subject(long subscriberId) => new("subscriber", subscriberId.ToString(CultureInfo.InvariantCulture));

    /// <summary>"SUB-12.1042": one message per subscriber and event, never twice.</summary>
    public static string KeyOf(long subscriberId, long position) => string.Create(CultureInfo.InvariantCulture, $"SUB-{subscriberId}.{position}");

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
