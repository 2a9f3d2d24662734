using System.Text.Json.Serialization;

namespace Firebreak.Core.Mitigations;

/// <summary>What can be done next with a mitigation; the API, the web room and the CLI offer the same steps.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MitigationStep>))]
public enum MitigationStep
{
    [JsonStringEnumMemberName("approve")] Approve,
    [JsonStringEnumMemberName("start")] Start,
    [JsonStringEnumMemberName("apply")] Apply,
    [JsonStringEnumMemberName("verify")] Verify,
    [JsonStringEnumMemberName("abandon")] Abandon,
}
