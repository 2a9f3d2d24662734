using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firebreak.Cli.Client;

/// <summary>The server and token saved by `firebreak login`, in the user's config folder.</summary>
public sealed record CliConfig(string? Server, string? Token)
{
    public static string FilePath =>
        Environment.GetEnvironmentVariable("FIREBREAK_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(ConfigHome(), "firebreak", "config.json");

    public static CliConfig Load()
    {
        try
        {
            return File.Exists(FilePath)
                ? JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJson.Default.CliConfig) ?? new CliConfig(null, null)
                : new CliConfig(null, null);
        }
        catch (JsonException)
        {
            throw new CliException($"The config file {FilePath} is not valid JSON; delete it and run 'firebreak login' again.");
        }
    }

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, JsonSerializer.Serialize(this, CliJson.Default.CliConfig));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string ConfigHome() =>
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CliConfig))]
internal sealed partial class CliJson : JsonSerializerContext;
