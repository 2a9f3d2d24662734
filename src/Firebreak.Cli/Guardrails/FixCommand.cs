using Firebreak.Core.Guardrails;

namespace Firebreak.Cli.Guardrails;

/// <summary>A guardrail's fix as the CLI says it: the words, then the command line that does it.</summary>
public static class FixCommand
{
    /// <summary>"Assign them: firebreak role INC-7 comms-lead USER." — or the words alone when no single command does it.</summary>
    public static string Render(string incident, string fix, FixAction? action) =>
        action is null || Line(incident, action) is not { } line ? fix : $"{fix.TrimEnd('.', ' ')}: {line}.";

    /// <summary>The command line for an action, or null for one the CLI has no verb for.</summary>
    public static string? Line(string incident, FixAction action) => action.Kind switch
    {
        FixKind.AssignRole => $"firebreak role {incident} {action.Argument("role")} USER",
        FixKind.PostUpdate => action.Argument("template") is { } template
            ? $"firebreak update {incident} --draft --template {template}"
            : $"firebreak update {incident} --draft",
        FixKind.SetHypothesis => $"firebreak hypothesis {incident} {action.Argument("entry")} {action.Argument("status")}",
        FixKind.AttachEvidence => action.Argument("verification") == "true"
            ? $"firebreak evidence {incident} --verification --text|--link|--file ..."
            : $"firebreak evidence {incident} --file FILE",
        _ => null,
    };
}
