using System.Text.Json.Serialization;

namespace Firebreak.Core.StatusPage;

/// <summary>Where a maintenance is, by the names Statuspage uses (cancelled: called off; the page no longer lists it as coming).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceStatus>))]
public enum MaintenanceStatus
{
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("verifying")] Verifying,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
