using Firebreak.Core.Incidents;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Storage.Notifications;

namespace Firebreak.Server.Notifications;

/// <summary>
/// One message to one channel as the delivery log shows it: what it was about, where it stands, the
/// last try's answer, and (for a pending one) when the next try is due. <see cref="Tries"/> is filled
/// when one delivery is asked for.
/// </summary>
public sealed record DeliveryDto(
    long Id,
    string Incident,
    long Version,
    string Kind,
    string Headline,
    string Channel,
    string ChannelType,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? DeliveredAt)
{
    public IReadOnlyList<AttemptDto>? Tries { get; init; }

    public static DeliveryDto From(DeliveryRow row, ChannelSet channels, string headline) => new(
        row.Id,
        row.Subject.Type == Storage.Incidents.IncidentStore.StreamType && long.TryParse(row.Subject.Id, out var id) ? IncidentKey.Format(id) : row.Subject.ToString(),
        row.EventVersion,
        row.Kind,
        headline,
        row.Channel,
        channels.Find(row.Channel)?.Options.Type ?? "removed",
        row.State,
        row.Attempts,
        row.CreatedAt,
        row.State == OutboxStore.Pending ? row.NextAttemptAt : null,
        row.LastAttemptAt,
        row.LastStatus,
        row.LastError,
        row.DeliveredAt);
}

/// <summary>One try: when it started, how long it took, and what came back (status and the start of the answer, or the error).</summary>
public sealed record AttemptDto(int Attempt, DateTimeOffset StartedAt, long DurationMs, string Outcome, int? Status, string? Detail)
{
    public static AttemptDto From(AttemptRow row) => new(row.Attempt, row.StartedAt, row.DurationMs, row.Outcome, row.Status, row.Detail);
}

/// <summary>A page of the delivery log, newest first; <see cref="NextBefore"/> asks for the next page.</summary>
public sealed record DeliveryPageDto(IReadOnlyList<DeliveryDto> Items, long? NextBefore);

/// <summary>A configured channel, without its secrets: name, type, where it sends, whether private incidents go to it, and the events routed to it.</summary>
public sealed record ChannelDto(string Name, string Type, string Target, bool Private, IReadOnlyList<string> Events);

public sealed record ChannelListDto(IReadOnlyList<ChannelDto> Channels);

/// <summary>What the receiver answered to a test message.</summary>
public sealed record ChannelTestDto(string Channel, string Type, string Target, string Outcome, int? Status, string? Detail, long DurationMs);
