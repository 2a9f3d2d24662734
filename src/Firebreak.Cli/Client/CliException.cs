namespace Firebreak.Cli.Client;

/// <summary>A failure to report to the user as one line on stderr, with a non-zero exit.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
