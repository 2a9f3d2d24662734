using Firebreak.Core.Guardrails;

namespace Firebreak.Cli.Client;

/// <summary>
/// A failure to report to the user as one line on stderr, with a non-zero exit. A refusal by a
/// guardrail carries its fix as data (<see cref="Fix"/>, for <see cref="Incident"/>), for the caller to render.
/// </summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public FixAction? Fix { get; init; }

    public string? Incident { get; init; }

    /// <summary>The HTTP status of the server's refusal (412 for a stale version), or null when the server did not answer.</summary>
    public int? Status { get; init; }

    /// <summary>The request field the server's 400 names, when it names one.</summary>
    public string? Field { get; init; }
}
