using System.Text.Json.Serialization;

namespace Firebreak.Core.Guardrails;

/// <summary>How loudly a guardrail speaks: info is shown, warn is recorded as a nudge, block refuses the command.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuardrailLevel>))]
public enum GuardrailLevel
{
    [JsonStringEnumMemberName("info")] Info,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("block")] Block,
}

/// <summary>
/// A guardrail's finding: a stable id, how loud it is, what is wrong and how to fix it — in words
/// (<see cref="Fix"/>, free of any interface's syntax) and, where one action does it, as data
/// (<see cref="Action"/>). <see cref="Key"/> identifies this occurrence so it is recorded on the timeline once.
/// </summary>
public sealed record Finding(string Guardrail, GuardrailLevel Level, string Message, string Fix, string Key, bool Overridable = true)
{
    public FixAction? Action { get; init; }
}
