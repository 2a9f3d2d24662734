using System.Text.Json.Serialization;

namespace Firebreak.Core.Evidence;

/// <summary>What kind of evidence was kept.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvidenceKind>))]
public enum EvidenceKind
{
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("link")] Link,
}
