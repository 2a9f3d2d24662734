using System.Text.Json.Serialization;

namespace Firebreak.Core.ActionItems;

/// <summary>What an action item does about the failure: stops it happening again, notices it sooner, or makes it hurt less.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionType>))]
public enum ActionType
{
    [JsonStringEnumMemberName("prevent")] Prevent,
    [JsonStringEnumMemberName("detect")] Detect,
    [JsonStringEnumMemberName("mitigate")] Mitigate,
}
