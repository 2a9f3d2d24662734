using System.Globalization;
using System.Runtime.InteropServices;

namespace Firebreak.Bench;

/// <summary>What the figures were measured on, read from /proc.</summary>
internal sealed record Machine(int Cores, string CpuModel, long MemoryBytes, string Kernel, string Runtime, string WorkFileSystem)
{
    public static Machine Read(string workDirectory) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemTotal(),
        ReadOr("/proc/sys/kernel/osrelease", "unknown").Trim(),
        RuntimeInformation.FrameworkDescription,
        FileSystemOf(workDirectory));

    private static string ReadCpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault() ?? "unknown"
            : "unknown";

    private static long ReadMemTotal()
    {
        var line = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            : null;
        return line is null
            ? 0
            : long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The file system holding the data (ext4, xfs, tmpfs…) and its mount options: they decide what an fsync costs (nothing on tmpfs).</summary>
    private static string FileSystemOf(string path)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return "unknown";
        }

        var full = Path.GetFullPath(path);
        var best = (Mount: string.Empty, Type: "unknown", Options: string.Empty);
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var parts = line.Split(' ');
            if (parts.Length < 4)
            {
                continue;
            }

            var mount = parts[1].Replace("\\040", " ", StringComparison.Ordinal);
            var contains = mount == "/" || full == mount || full.StartsWith(mount + "/", StringComparison.Ordinal);
            if (contains && mount.Length >= best.Mount.Length)
            {
                best = (mount, parts[2], parts[3]);
            }
        }

        return $"{best.Type} at {best.Mount} ({best.Options})";
    }

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path) : fallback;
}
