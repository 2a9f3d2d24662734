using System.Text.Json;
using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Notifications;
using Firebreak.Server.Incidents;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Notifications;

namespace Firebreak.Server.Notifications;

/// <summary>
/// The delivery log and the channels, for every interface: the API, the room, the admin page and
/// (through the API) the CLI. A delivery is seen by whoever can see its incident; the whole log, the
/// manual retry and a channel's test are an admin's.
/// </summary>
public sealed class DeliveryService(
    OutboxStore outbox,
    ChannelSet channels,
    NotificationsConfig config,
    IncidentService incidents,
    Dispatcher dispatcher,
    TimeProvider clock)
{
    public async Task<Result<DeliveryPageDto>> ListAsync(Actor actor, DeliveryQuery query, CancellationToken cancellationToken)
    {
        if (query.Incident is { } incident)
        {
            var visible = await incidents.GetAsync(actor, incident, cancellationToken);
            if (!visible.IsSuccess)
            {
                return visible.Error!;
            }
        }
        else if (!actor.IsAdmin)
        {
            return new Invalid("incident", "Only an admin can list the deliveries of every incident; give incident=INC-N for one you can see.");
        }

        var rows = await outbox.ListAsync(
            new DeliveryFilter(
                query.Incident is { } id ? IncidentStore.Stream(id) : null,
                query.Channel,
                query.State is { } state ? WireNames.Of(state) : null,
                query.Before,
                query.Limit),
            cancellationToken);
        var items = rows.Select(Describe).ToList();
        return new DeliveryPageDto(items, rows.Count == query.Limit ? rows[^1].Id : null);
    }

    public async Task<Result<DeliveryDto>> GetAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        var row = await outbox.GetAsync(id, cancellationToken);
        if (row is null || !await CanSeeAsync(actor, row, cancellationToken))
        {
            return Unknown(id);
        }

        var tries = await outbox.AttemptsAsync(id, cancellationToken);
        return Describe(row) with { Tries = [.. tries.Select(AttemptDto.From)] };
    }

    /// <summary>Every delivery of one incident, oldest first, for its room (the caller has seen the incident).</summary>
    public async Task<IReadOnlyList<DeliveryDto>> ForIncidentAsync(long incidentId, CancellationToken cancellationToken)
    {
        var rows = await outbox.ListAsync(new DeliveryFilter(IncidentStore.Stream(incidentId), Limit: DeliveryQuery.MaxLimit), cancellationToken);
        return [.. rows.Reverse().Select(Describe)];
    }

    /// <summary>An admin sends a failed delivery again: it is pending at once, with a fresh give-up time.</summary>
    public async Task<Result<DeliveryDto>> RetryAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can retry a delivery.");
        }

        var row = await outbox.RetryAsync(id, clock.GetUtcNow(), cancellationToken);
        if (row is null)
        {
            var existing = await outbox.GetAsync(id, cancellationToken);
            return existing is null
                ? Unknown(id)
                : new Conflict($"Delivery {id} is {existing.State}; only a failed delivery can be retried.");
        }

        dispatcher.WakeAll();
        return Describe(row);
    }

    public ChannelListDto Channels() => new([.. channels.All.Select(c => new ChannelDto(
        c.Options.Name,
        c.Options.Type,
        c.Options.Target,
        c.Options.Private,
        [.. NotificationKind.Routable.Where(kind => config.Routes.Any(r => r.Kinds.Contains(kind) && r.Channels.Contains(c.Options.Name)))]))]);

    /// <summary>Sends a test message to a channel now and reports the receiver's answer (admin).</summary>
    public async Task<Result<ChannelTestDto>> TestAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can send a test message.");
        }

        if (channels.Find(name) is not { } channel)
        {
            return new NotFound(channels.All.Count == 0
                ? $"There is no channel named '{name}': no channels are configured (see docs/notifications.md)."
                : $"There is no channel named '{name}'; the channels are {string.Join(", ", channels.All.Select(c => c.Options.Name))}.");
        }

        var (result, took) = await dispatcher.SendNowAsync(channel, Core.Notifications.Notifications.Test(name, actor.Username, clock.GetUtcNow()), cancellationToken);
        return new ChannelTestDto(
            name,
            channel.Options.Type,
            channel.Options.Target,
            result.Outcome switch { SendOutcome.Delivered => "delivered", SendOutcome.Refused => "refused", _ => "failed" },
            result.Status,
            result.Detail,
            (long)took.TotalMilliseconds);
    }

    private async Task<bool> CanSeeAsync(Actor actor, DeliveryRow row, CancellationToken cancellationToken) =>
        actor.IsAdmin
        || (row.Subject.Type == IncidentStore.StreamType && long.TryParse(row.Subject.Id, out var id) && (await incidents.GetAsync(actor, id, cancellationToken)).IsSuccess);

    private DeliveryDto Describe(DeliveryRow row) => DeliveryDto.From(row, channels, HeadlineOf(row.Message));

    private static string HeadlineOf(string message)
    {
        try
        {
            return JsonSerializer.Deserialize(message, NotificationsJson.Default.Notification)?.Headline ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private static NotFound Unknown(long id) => new($"There is no delivery {id} that you can see.");
}
