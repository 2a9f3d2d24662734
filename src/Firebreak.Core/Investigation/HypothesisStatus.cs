using System.Text.Json.Serialization;

namespace Firebreak.Core.Investigation;

/// <summary>Where a hypothesis stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HypothesisStatus>))]
public enum HypothesisStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("rejected")] Rejected,
}
