using System.Text.Json.Serialization;

namespace Firebreak.Core.Updates;

/// <summary>Who an update is for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpdateAudience>))]
public enum UpdateAudience
{
    [JsonStringEnumMemberName("internal")] Internal,
    [JsonStringEnumMemberName("public")] Public,
}
