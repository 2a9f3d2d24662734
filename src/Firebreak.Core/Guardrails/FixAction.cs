using System.Text.Json.Serialization;

namespace Firebreak.Core.Guardrails;

/// <summary>What to do about a finding, as data.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FixKind>))]
public enum FixKind
{
    /// <summary>Give someone a role; <c>role</c> names it.</summary>
    [JsonStringEnumMemberName("assign-role")] AssignRole,

    /// <summary>Post a stakeholder update (a draft helps); <c>template</c> may name the one to start from.</summary>
    [JsonStringEnumMemberName("post-update")] PostUpdate,

    /// <summary>Confirm or reject a hypothesis; <c>entry</c> names it.</summary>
    [JsonStringEnumMemberName("set-hypothesis")] SetHypothesis,

    /// <summary>Attach evidence; <c>verification</c> is "true" when it should show the fix works.</summary>
    [JsonStringEnumMemberName("attach-evidence")] AttachEvidence,
}

/// <summary>
/// A finding's fix as an action and its arguments, so that each interface renders it in its own
/// terms: the CLI as a command line, the web room as a link to the form that does it, the API as data.
/// </summary>
public sealed record FixAction(FixKind Kind, IReadOnlyDictionary<string, string> Arguments)
{
    public static FixAction AssignRole(string role) => new(FixKind.AssignRole, new Dictionary<string, string> { ["role"] = role });

    public static FixAction PostUpdate(string? template = null) =>
        new(FixKind.PostUpdate, template is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["template"] = template });

    public static FixAction SetHypothesis(long entry, string status) =>
        new(FixKind.SetHypothesis, new Dictionary<string, string> { ["entry"] = entry.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = status });

    public static FixAction AttachEvidence(bool verification) =>
        new(FixKind.AttachEvidence, new Dictionary<string, string> { ["verification"] = verification ? "true" : "false" });

    public string? Argument(string name) => Arguments.TryGetValue(name, out var value) ? value : null;
}
