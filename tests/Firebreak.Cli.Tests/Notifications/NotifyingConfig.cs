using Firebreak.Cli.Tests.Infrastructure;
using Firebreak.Testing;

namespace Firebreak.Cli.Tests.Notifications;

/// <summary>The firebreak.yaml of a real server whose webhook channels point at recording receivers on loopback.</summary>
public static class NotifyingConfig
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>Writes firebreak.yaml (and the secret's file) into <paramref name="folder"/>; returns its path.</summary>
    public static string Write(TempDirectory folder, IReadOnlyList<(string Name, string Url)> channels, string routes)
    {
        var secretFile = Path.Combine(folder.Path, "webhook-secret");
        File.WriteAllText(secretFile, Secret);
        var yaml = new System.Text.StringBuilder("notifications:\n  timeout: 5s\nchannels:\n");
        foreach (var (name, url) in channels)
        {
            yaml.Append($"  - name: {name}\n    type: webhook\n    url: {url}\n    secretFile: {secretFile}\n");
        }

        yaml.Append(routes);
        var path = Path.Combine(folder.Path, "firebreak.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> done, string what, TimeSpan? within = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(60)))
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
