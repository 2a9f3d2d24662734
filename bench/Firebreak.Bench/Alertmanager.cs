using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Firebreak.Bench;

/// <summary>
/// A throwaway Prometheus Alertmanager on 127.0.0.1 and a free port: its own config, storage folder and
/// no cluster listener (<c>--cluster.listen-address=</c> empty), never a system service. Its one receiver
/// has no integrations, so it takes alerts and notifies nobody. Ended (SIGTERM) when disposed.
/// </summary>
internal sealed class Alertmanager : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus-alertmanager";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private bool _stopped;

    private Alertmanager(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(Executable, "--version") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
        var version = first.Replace("alertmanager, version ", "Alertmanager ", StringComparison.Ordinal);
        var detail = version.IndexOf(" (", StringComparison.Ordinal);
        return detail > 0 ? version[..detail] : version;
    }

    /// <summary>Writes the config into <paramref name="folder"/>, starts Alertmanager and waits until /-/ready answers 200.</summary>
    public static async Task<Alertmanager> StartAsync(string folder, string logPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: bench/run.sh installs the Debian package prometheus-alertmanager.");
        }

        var port = ServerProcess.FreePort();
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, """
            # Written by the Firebreak benchmark: alerts grouped as Firebreak's integration groups them, sent nowhere.
            route:
              receiver: nowhere
              group_by: [alertname, service]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
            receivers:
              - name: nowhere
            """, cancellationToken);
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "--config.file=" + config,
                     "--storage.path=" + Path.Combine(folder, "data"),
                     "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                     "--cluster.listen-address=",
                     "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        ChildProcesses.Track(process);
        var gate = new Lock();
        void Record(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    try
                    {
                        log.WriteLine(line);
                    }
                    catch (ObjectDisposedException)
                    {
                        // Output that arrives after the log was closed.
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new Alertmanager(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));

        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited || waited.Elapsed > StartDeadline)
                {
                    throw new InvalidOperationException($"Alertmanager did not become ready (exited: {process.HasExited}); see {logPath}.");
                }

                try
                {
                    using var response = await probe.GetAsync(new Uri(alertmanager.BaseAddress, "-/ready"), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return alertmanager;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The probe timed out; try again.
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            ChildProcesses.Terminate(_process);
            using var deadline = new CancellationTokenSource(StopDeadline);
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            ChildProcesses.Forget(_process);
            _process.Dispose();
        }
    }
}
