using Firebreak.Server.Configuration;
using Firebreak.Server.Hosting;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Support;

/// <summary>The one check of a firebreak.yaml that must stop the start: the error names the file, the line and the fix.</summary>
public static class ConfigAssert
{
    /// <summary>Starts a server on <paramref name="yaml"/> (in a fresh data folder) and returns the error it must stop with.</summary>
    public static ConfigException Refused(string yaml, string? data = null)
    {
        data ??= TestDatabases.TempDirectory();
        var path = Path.Combine(data, "firebreak.yaml");
        File.WriteAllText(path, yaml);
        var error = Assert.Throws<ConfigException>(() => FirebreakApp.Build(["--config", path, "--data", data]));
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:{error.Line}: ", error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>As <see cref="Refused(string, string?)"/>, at <paramref name="line"/>, with every text of <paramref name="fix"/> in the message.</summary>
    public static ConfigException Refused(string yaml, int line, IEnumerable<string> fix, string? data = null)
    {
        var error = Refused(yaml, data);
        Assert.Equal(line, error.Line);
        foreach (var text in fix)
        {
            Assert.Contains(text, error.Message, StringComparison.Ordinal);
        }

        return error;
    }
}
