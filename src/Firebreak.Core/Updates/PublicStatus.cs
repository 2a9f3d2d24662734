using System.Text.Json.Serialization;

namespace Firebreak.Core.Updates;

/// <summary>The status the public sees on the status page.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PublicStatus>))]
public enum PublicStatus
{
    [JsonStringEnumMemberName("investigating")] Investigating,
    [JsonStringEnumMemberName("identified")] Identified,
    [JsonStringEnumMemberName("monitoring")] Monitoring,
    [JsonStringEnumMemberName("resolved")] Resolved,
}
