using System.Text.Json.Serialization;

namespace Firebreak.Core.Mitigations;

/// <summary>proposed → started → applied → verified, or abandoned.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MitigationState>))]
public enum MitigationState
{
    [JsonStringEnumMemberName("proposed")] Proposed,
    [JsonStringEnumMemberName("started")] Started,
    [JsonStringEnumMemberName("applied")] Applied,
    [JsonStringEnumMemberName("verified")] Verified,
    [JsonStringEnumMemberName("abandoned")] Abandoned,
}
