using System.Text.Json.Serialization;

namespace Firebreak.Core.Evidence;

/// <summary>What a piece of verification evidence checked: how the fix was seen to work.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerificationCheckKind>))]
public enum VerificationCheckKind
{
    [JsonStringEnumMemberName("health-check")] HealthCheck,
    [JsonStringEnumMemberName("metric")] Metric,
    [JsonStringEnumMemberName("client-side")] ClientSide,
    [JsonStringEnumMemberName("alerts-quiet")] AlertsQuiet,
    [JsonStringEnumMemberName("other")] Other,
}
