using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Firebreak.Bench;

/// <summary>
/// Every process the benchmark starts is registered here so it can be ended when the benchmark
/// exits, however it exits. Each live child also gets a file named after its pid in the pid folder,
/// so bench/run.sh can end a child left behind by a benchmark that was itself killed.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    public static string? PidDirectory { get; set; }

    public static void Track(Process process)
    {
        Live[process.Id] = process;
        if (PidDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, process.Id.ToString(CultureInfo.InvariantCulture)), string.Empty);
        }
    }

    public static void Forget(Process process)
    {
        Live.TryRemove(process.Id, out _);
        if (PidDirectory is { } dir)
        {
            File.Delete(Path.Combine(dir, process.Id.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Asks a child to shut down (SIGTERM), as a service manager would.</summary>
    public static void Terminate(Process process)
    {
        if (!process.HasExited)
        {
            _ = NativeMethods.Kill(process.Id, NativeMethods.SigTerm);
        }
    }

    /// <summary>Ends every child still running, at once (SIGKILL).</summary>
    public static void KillAll()
    {
        foreach (var process in Live.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // It has exited in the meantime.
            }

            Forget(process);
        }
    }

    private static class NativeMethods
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
