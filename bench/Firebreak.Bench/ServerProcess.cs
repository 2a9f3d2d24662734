using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Bench;

/// <summary>
/// One real `firebreak serve` process on 127.0.0.1 and a free port. <see cref="StartAsync"/>
/// returns once /healthz answers 200, and records how long that took from process start.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly Queue<string> _tail = new();
    private bool _stopped;

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary>From just before the process was started to the first 200 from /healthz.</summary>
    public TimeSpan StartToHealthy { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartedTimestamp { get; private set; }

    /// <param name="cli">The `firebreak` app host, or firebreak.dll (then run with `dotnet`).</param>
    /// <param name="database">A PostgreSQL connection string, or null for SQLite in <paramref name="dataDirectory"/>.</param>
    /// <param name="configFile">A firebreak.yaml passed as `--config`, or null for none.</param>
    /// <param name="environment">Further environment variables for the process (e.g. <c>scheduler__enabled=false</c>).</param>
    public static async Task<ServerProcess> StartAsync(
        string cli,
        string dataDirectory,
        string? database,
        string adminToken,
        string logPath,
        CancellationToken cancellationToken,
        string? configFile = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        if (cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(cli);
        }
        else
        {
            start.FileName = cli;
        }

        foreach (var argument in new[] { "serve", "--urls", baseAddress.ToString().TrimEnd('/'), "--data", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        if (database is not null)
        {
            start.ArgumentList.Add("--database");
            start.ArgumentList.Add(database);
        }

        if (configFile is not null)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(configFile);
        }

        // Only the settings given here: nothing inherited from the shell may point the server elsewhere.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FIREBREAK", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["FIREBREAK_BOOTSTRAP_ADMIN_TOKEN"] = adminToken;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            Timeout = TimeSpan.FromSeconds(2),
        };
        var healthz = new Uri(baseAddress, "healthz");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {cli}.");
        ChildProcesses.Track(process);
        var server = new ServerProcess(process, log, baseAddress) { StartedTimestamp = started };
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"firebreak serve exited with code {process.ExitCode} before /healthz answered.\n{server.Tail()}");
                }

                if (Stopwatch.GetElapsedTime(started) > StartDeadline)
                {
                    throw new TimeoutException($"firebreak serve did not answer /healthz within {StartDeadline.TotalSeconds:0} s.\n{server.Tail()}");
                }

                try
                {
                    using var response = await probe.GetAsync(healthz, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        server.StartToHealthy = Stopwatch.GetElapsedTime(started);
                        return server;
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

                await Task.Delay(5, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The resident set size (VmRSS) of the server process, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS line for process {Pid}.");
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within a bounded time.</summary>
    public async Task StopAsync()
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
                Record($"[bench] no exit within {StopDeadline.TotalSeconds:0} s of SIGTERM; killing");
                _process.Kill(entireProcessTree: true);
                using var killed = new CancellationTokenSource(StopDeadline);
                await _process.WaitForExitAsync(killed.Token);
            }
        }
        finally
        {
            ChildProcesses.Forget(_process);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            lock (_logLock)
            {
                _log.Dispose();
            }

            _process.Dispose();
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the log was closed.
            }
        }
    }

    private string Tail()
    {
        lock (_logLock)
        {
            return string.Join('\n', _tail);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
