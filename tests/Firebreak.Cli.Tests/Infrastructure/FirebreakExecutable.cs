using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>
/// The real `firebreak` program built next to the test assembly: the apphost when there is one,
/// else `dotnet firebreak.dll`. Every child gets a clean Firebreak environment so nothing from the
/// machine running the tests (a saved login, a server URL, a token) leaks into a test.
/// </summary>
public static class FirebreakExecutable
{
    private static readonly string[] InheritedSettings =
    [
        "FIREBREAK_SERVER", "FIREBREAK_TOKEN", "FIREBREAK_CONFIG", "FIREBREAK_BOOTSTRAP_ADMIN_TOKEN",
        "FIREBREAK__URLS", "FIREBREAK__DATA", "FIREBREAK__DATABASE", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_ENVIRONMENT",
    ];

    public static string Directory => AppContext.BaseDirectory;

    public static string AppHost => Path.Combine(Directory, OperatingSystem.IsWindows() ? "firebreak.exe" : "firebreak");

    public static string Assembly => Path.Combine(Directory, "firebreak.dll");

    /// <summary>A start info for `firebreak args...` with all standard streams redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ProcessStartInfo info;
        if (File.Exists(AppHost))
        {
            info = new ProcessStartInfo(AppHost);
        }
        else if (File.Exists(Assembly))
        {
            info = new ProcessStartInfo(DotnetHost());
            info.ArgumentList.Add(Assembly);
        }
        else
        {
            throw new FileNotFoundException($"Neither {AppHost} nor {Assembly} exists; build the test project first.");
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.WorkingDirectory = workingDirectory;
        info.UseShellExecute = false;
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardOutputEncoding = System.Text.Encoding.UTF8;
        info.StandardErrorEncoding = System.Text.Encoding.UTF8;
        foreach (var name in InheritedSettings)
        {
            info.Environment.Remove(name);
        }

        if (!info.Environment.ContainsKey("DOTNET_ROOT") && DotnetRoot() is { } root)
        {
            info.Environment["DOTNET_ROOT"] = root;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    /// <summary>Kills the process and everything it started (SIGKILL on Unix), and waits until it is gone.</summary>
    public static async Task KillAsync(Process process)
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
            // Exited between the check and the kill.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(wait.Token);
    }

    /// <summary>The .NET install this test runs on, so the apphost finds the same runtime.</summary>
    private static string? DotnetRoot()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        var root = runtime.Parent?.Parent?.Parent;
        return root is not null && File.Exists(Path.Combine(root.FullName, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")) ? root.FullName : null;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : DotnetRoot() is { } root ? Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")
        : "dotnet";
}
