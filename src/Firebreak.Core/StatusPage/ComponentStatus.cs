using System.Text.Json.Serialization;

namespace Firebreak.Core.StatusPage;

/// <summary>What the status page says of a component, by the names Statuspage uses, from best to worst.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComponentStatus>))]
public enum ComponentStatus
{
    [JsonStringEnumMemberName("operational")] Operational,
    [JsonStringEnumMemberName("under_maintenance")] UnderMaintenance,
    [JsonStringEnumMemberName("degraded_performance")] DegradedPerformance,
    [JsonStringEnumMemberName("partial_outage")] PartialOutage,
    [JsonStringEnumMemberName("major_outage")] MajorOutage,
}
