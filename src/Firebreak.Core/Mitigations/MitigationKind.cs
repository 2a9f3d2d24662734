using System.Text.Json.Serialization;

namespace Firebreak.Core.Mitigations;

/// <summary>The mitigation catalogue, in the order to reach for them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MitigationKind>))]
public enum MitigationKind
{
    [JsonStringEnumMemberName("rollback")] Rollback,
    [JsonStringEnumMemberName("feature-flag")] FeatureFlag,
    [JsonStringEnumMemberName("failover")] Failover,
    [JsonStringEnumMemberName("scale")] Scale,
    [JsonStringEnumMemberName("redirect")] Redirect,
    [JsonStringEnumMemberName("rate-limit")] RateLimit,
    [JsonStringEnumMemberName("hotfix")] Hotfix,
    [JsonStringEnumMemberName("other")] Other,
}
