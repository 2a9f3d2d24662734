using System.Text.Json.Serialization;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Incidents;

/// <summary>The kinds of timeline entries a responder writes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryKind>))]
public enum EntryKind
{
    [JsonStringEnumMemberName("note")] Note,
    [JsonStringEnumMemberName("symptom")] Symptom,
    [JsonStringEnumMemberName("hypothesis")] Hypothesis,
    [JsonStringEnumMemberName("action")] Action,
    [JsonStringEnumMemberName("result")] Result,
    [JsonStringEnumMemberName("decision")] Decision,
    [JsonStringEnumMemberName("command")] Command,
}
