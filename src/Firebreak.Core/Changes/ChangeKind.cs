using System.Text.Json.Serialization;

namespace Firebreak.Core.Changes;

/// <summary>What kind of change reached production: a deploy, a configuration change, a feature flag flipped, or something else.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    [JsonStringEnumMemberName("deploy")] Deploy,
    [JsonStringEnumMemberName("config")] Config,
    [JsonStringEnumMemberName("feature-flag")] FeatureFlag,
    [JsonStringEnumMemberName("other")] Other,
}
