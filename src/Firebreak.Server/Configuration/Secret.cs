namespace Firebreak.Server.Configuration;

/// <summary>
/// A value read from an environment variable or a file, never from firebreak.yaml itself. It prints as
/// <c>[secret]</c>, so a log line, an exception or a status page that formats it shows nothing.
/// </summary>
public sealed class Secret(string value, string source)
{
    /// <summary>Where it came from ("environment variable SLACK_URL"), safe to show.</summary>
    public string Source { get; } = source;

    public string Reveal() => value;

    public override string ToString() => "[secret]";
}
