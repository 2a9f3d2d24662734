using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Firebreak.Cli.Client;

namespace Firebreak.Cli.Evidence;

/// <summary>What running a command gave: its output, exit code, start and duration.</summary>
public sealed record CommandRun(IReadOnlyList<string> Command, DateTimeOffset StartedAt, TimeSpan Duration, int ExitCode, CommandOutput Output)
{
    /// <summary>
    /// Runs the command directly (no shell: the argument list as given), with this terminal's stdin,
    /// and passes its stdout and stderr on to ours as they arrive while keeping them in <see cref="Output"/>.
    /// The command is not stopped by cancellation: Ctrl-C reaches it from the terminal, and what it
    /// wrote until then is still evidence.
    /// </summary>
    public static async Task<CommandRun> RunAsync(IReadOnlyList<string> command, long keep, TimeProvider clock)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var output = new CommandOutput(keep);
        var startedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            StartWithDefaultSigPipe(process);
        }
        catch (Win32Exception e)
        {
            throw new CliException(CannotStart(command[0], e), 127);
        }

        using var signals = StaySignals(process);
        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = Console.OpenStandardError();
        await Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, stdout, output, stdErr: false),
            PumpAsync(process.StandardError.BaseStream, stderr, output, stdErr: true),
            process.WaitForExitAsync());
        return new CommandRun(command, startedAt, Stopwatch.GetElapsedTime(started), process.ExitCode, output);
    }

    /// <summary>
    /// While the command runs, an interrupt or a termination stops the command, not firebreak, so what it
    /// wrote is still attached. Ctrl-C reaches the command from the terminal by itself (sending it again
    /// would make "press Ctrl-C twice to force" tools force); SIGTERM, which a supervisor sends to one
    /// process, is passed on.
    /// </summary>
    private static Signals StaySignals(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            return new Signals([]);
        }

        var pid = process.Id;
        return new Signals(
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _ = Posix.Kill(pid, Posix.SigTerm);
            }),
        ]);
    }

    private sealed class Signals(IReadOnlyList<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    /// <summary>
    /// .NET ignores SIGPIPE, and an ignored signal stays ignored across exec: the command would inherit
    /// it, and `yes | head` inside it would print "Broken pipe" instead of ending quietly. The default is
    /// put back only while the child is started; nothing of ours writes to a pipe meanwhile.
    /// </summary>
    private static void StartWithDefaultSigPipe(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            process.Start();
            return;
        }

        var previous = Posix.Signal(Posix.SigPipe, Posix.SigDefault);
        try
        {
            process.Start();
        }
        finally
        {
            Posix.Signal(Posix.SigPipe, previous);
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CommandOutput output, bool stdErr)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            output.Add(stdErr, buffer.AsSpan(0, read));
            try
            {
                await to.WriteAsync(buffer.AsMemory(0, read));
                await to.FlushAsync();
            }
            catch (IOException)
            {
                // Our own stdout went away (a closed pipe): the command's output is still kept.
            }
        }
    }

    private static string CannotStart(string name, Win32Exception e) => e.NativeErrorCode switch
    {
        2 => $"Cannot run '{name}': there is no such command{(name.Contains('/', StringComparison.Ordinal) ? string.Empty : " on the PATH")}. Nothing was attached.",
        13 => $"Cannot run '{name}': permission denied (is it executable?). Nothing was attached.",
        _ => $"Cannot run '{name}': {e.Message}. Nothing was attached.",
    };
}

/// <summary>The C library calls the command runner needs.</summary>
internal static partial class Posix
{
    public const int SigTerm = 15;
    public const int SigPipe = 13;
    public static readonly nint SigDefault = 0;

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint Signal(int signal, nint handler);

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Kill(int pid, int signal);
}
