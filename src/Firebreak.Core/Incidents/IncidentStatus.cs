using System.Text.Json.Serialization;

namespace Firebreak.Core.Incidents;

/// <summary>Where an incident is in its lifecycle.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentStatus>))]
public enum IncidentStatus
{
    [JsonStringEnumMemberName("triage")] Triage,
    [JsonStringEnumMemberName("investigating")] Investigating,
    [JsonStringEnumMemberName("identified")] Identified,
    [JsonStringEnumMemberName("monitoring")] Monitoring,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("closed")] Closed,
    [JsonStringEnumMemberName("declined")] Declined,
}
