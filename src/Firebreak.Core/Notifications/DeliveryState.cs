using System.Text.Json.Serialization;

namespace Firebreak.Core.Notifications;

/// <summary>Where one message to one channel stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryState>))]
public enum DeliveryState
{
    /// <summary>Waiting for its first try or its next one.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    [JsonStringEnumMemberName("delivered")] Delivered,

    /// <summary>Given up (too old, or refused for good); a person can retry it.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
