using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Firebreak.Bench;

/// <param name="Requests">Responses wrk counted in its run, whatever their status.</param>
/// <param name="Non2xx">Responses with a status of 400 or more ("Non-2xx or 3xx responses" in wrk's output).</param>
/// <param name="SocketErrors">Connect, read, write errors and timeouts together.</param>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, double Seconds, long Non2xx, long SocketErrors);

/// <summary>
/// The wrk load generator, run as a child process against one URL; the figures are parsed from its
/// text output (with <c>--latency</c>), so the same client measures Firebreak and its peer.
/// </summary>
internal static partial class Wrk
{
    public const int Connections = 64;

    private static readonly TimeSpan Overrun = TimeSpan.FromSeconds(30);

    /// <summary>The wrk on PATH, or the Debian package's.</summary>
    public static string Executable => Which("wrk") ?? "/usr/bin/wrk";

    /// <summary>wrk's threads: one per core, as its documentation suggests.</summary>
    public static int Threads => Environment.ProcessorCount;

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var (_, output) = await RunAsync(["-v"], TimeSpan.FromSeconds(10), cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Split(" Copyright", 2)[0].Trim() ?? "wrk";
    }

    /// <summary>A closed-loop run of <paramref name="duration"/> (whole seconds, at least 1) against <paramref name="url"/>.</summary>
    public static async Task<WrkResult> LoadAsync(Uri url, TimeSpan duration, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var arguments = new List<string>
        {
            "-t", Threads.ToString(CultureInfo.InvariantCulture),
            "-c", Connections.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--latency",
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            arguments.Add("-H");
            arguments.Add($"{name}: {value}");
        }

        arguments.Add(url.ToString());
        var (exit, output) = await RunAsync(arguments, TimeSpan.FromSeconds(seconds) + Overrun, cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"wrk exited with code {exit}:\n{output}");
        }

        return Parse(output);
    }

    /// <summary>Reads wrk 4's summary: "Requests/sec:", the 50% and 99% lines of the latency distribution, "N requests in Ts", the error lines.</summary>
    public static WrkResult Parse(string output)
    {
        var perSecond = Match(RequestsPerSecond(), output, "Requests/sec");
        var total = RequestsIn().Match(output);
        if (!total.Success)
        {
            throw new FormatException($"No 'requests in' line in wrk's output:\n{output}");
        }

        var non2xx = Non2xxLine().Match(output);
        var socket = SocketErrorsLine().Match(output);
        return new WrkResult(
            double.Parse(perSecond, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "99"),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Duration(total.Groups[2].Value),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static double Percentile(string output, string percent)
    {
        var line = Regex.Match(output, $@"^\s*{percent}(?:\.0+)?%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!line.Success)
        {
            throw new FormatException($"No {percent}% line in wrk's output (was --latency given?):\n{output}");
        }

        return Duration(line.Groups[1].Value + line.Groups[2].Value) * 1000;
    }

    /// <summary>wrk's durations ("812.00us", "1.23ms", "2.00s", "1.00m") in seconds.</summary>
    private static double Duration(string text)
    {
        var unit = UnitOf().Match(text);
        var value = double.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
        return unit.Groups[2].Value switch
        {
            "us" => value / 1e6,
            "ms" => value / 1e3,
            "s" => value,
            "m" => value * 60,
            var other => throw new FormatException($"Unknown unit '{other}' in wrk's '{text}'."),
        };
    }

    private static string Match(Regex regex, string output, string what)
    {
        var m = regex.Match(output);
        return m.Success ? m.Groups[1].Value : throw new FormatException($"No '{what}' in wrk's output:\n{output}");
    }

    private static async Task<(int Exit, string Output)> RunAsync(IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        ChildProcesses.Track(process);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            ChildProcesses.Forget(process);
        }
    }

    internal static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ([0-9.]+(?:us|ms|s|m)),", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsIn();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"^([0-9.]+)(us|ms|s|m)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitOf();
}
