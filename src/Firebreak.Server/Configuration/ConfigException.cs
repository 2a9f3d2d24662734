namespace Firebreak.Server.Configuration;

/// <summary>The configuration is wrong: names the file, the line and what to fix. Stops the start.</summary>
public sealed class ConfigException(string file, long line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public long Line { get; } = line;
}
