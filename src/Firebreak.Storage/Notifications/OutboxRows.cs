using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Notifications;

/// <summary>A message for one channel, as a projection queues it in the append's transaction.</summary>
public sealed record OutboxMessage(string IdempotencyKey, string Channel, StreamId Subject, string Kind, long EventPosition, long EventVersion, string Message, DateTimeOffset At);

/// <summary>A claimed row on its way to a try.</summary>
public sealed record ClaimedDelivery(long Id, string IdempotencyKey, string Channel, StreamId Subject, string Message, int Attempts, DateTimeOffset Since);

/// <summary>What one try came to: delivered, to be tried again at <see cref="NextAttemptAt"/>, or failed for good.</summary>
public sealed record AttemptRecord(
    long OutboxId,
    int Attempt,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Outcome,
    int? Status,
    string? Detail,
    string NewState,
    DateTimeOffset? NextAttemptAt);

/// <summary>A delivery as the log shows it.</summary>
public sealed record DeliveryRow(
    long Id,
    string Channel,
    StreamId Subject,
    string Kind,
    long EventPosition,
    long EventVersion,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    string Message);

/// <summary>One try as the log shows it.</summary>
public sealed record AttemptRow(int Attempt, DateTimeOffset StartedAt, long DurationMs, string Outcome, int? Status, string? Detail);

/// <summary>Which deliveries to list: any of subject, channel, state, newest first, before an id.</summary>
public sealed record DeliveryFilter(StreamId? Subject = null, string? Channel = null, string? State = null, long? Before = null, int Limit = 50);
