using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>
/// The real `firebreak serve` in its own process, on a free loopback port, with its stdout and
/// stderr captured. Ready once GET /healthz answers 200. Disposing kills it (and deletes the data
/// folder when it made one). Usable as an xunit class fixture (defaults: fresh data folder,
/// bootstrap admin token <see cref="DefaultAdminToken"/>) or through <see cref="StartAsync"/>.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime, IAsyncDisposable
{
    public const string DefaultAdminToken = "fb_cli-tests-admin-token-0123456789";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);

    /// <summary>Servers still running; killed when the test host exits, should a test never dispose its server.</summary>
    private static readonly HashSet<Process> Running = [];

    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly bool _ownsDataDirectory;
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;
    private int? _port;
    private bool _disposed;

    /// <summary>For xunit: a server on a fresh data folder with the bootstrap admin token.</summary>
    public ServerProcess()
        : this(null, DefaultAdminToken, null)
    {
    }

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllRunning();

    private ServerProcess(string? dataDirectory, string? adminToken, string? database, string? configFile = null, IReadOnlyDictionary<string, string?>? environment = null, int? port = null, IReadOnlyList<string>? arguments = null, string? alsoListenOn = null)
    {
        AlsoListenOn = alsoListenOn;
        Arguments = arguments ?? [];
        _port = port;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Firebreak.Testing.TestDatabases.TempDirectory();
        AdminToken = adminToken;
        Database = database;
        ConfigFile = configFile;
        Environment = environment ?? new Dictionary<string, string?>();
    }

    /// <summary>
    /// Starts a server and waits until it answers. Without a data folder a fresh one is made and later removed.
    /// <paramref name="configFile"/> is passed as --config; <paramref name="environment"/> is added to the server's environment;
    /// <paramref name="port"/> is tried first (a restart on the same address), else a free one; <paramref name="arguments"/> are added to `serve`'s.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string? dataDirectory = null,
        string? adminToken = DefaultAdminToken,
        string? database = null,
        string? configFile = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        int? port = null,
        IReadOnlyList<string>? arguments = null,
        string? alsoListenOn = null)
    {
        var server = new ServerProcess(dataDirectory, adminToken, database, configFile, environment, port, arguments, alsoListenOn);
        try
        {
            await server.StartCoreAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string DataDirectory { get; }

    /// <summary>The token the first admin signs in with, or null when the server prints a one-time password.</summary>
    public string? AdminToken { get; }

    public string? Database { get; }

    /// <summary>The firebreak.yaml given with --config, if any.</summary>
    public string? ConfigFile { get; }

    /// <summary>Extra arguments of `firebreak serve`.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Extra environment of the server process.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A second address the server listens on besides <see cref="Url"/> (an https one, for a client that speaks only https).</summary>
    public string? AlsoListenOn { get; }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>Everything the server wrote to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return string.Join('\n', _stdout);
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        if ((token ?? AdminToken) is { } secret)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return client;
    }

    /// <summary>Waits (bounded) until stdout contains the text; the startup banner is printed just after the port opens.</summary>
    public Task<string> WaitForOutputAsync(string text) => WaitForAsync(() => Output, text, "printed");

    /// <summary>Waits (bounded) until stderr contains the text.</summary>
    public Task<string> WaitForErrorsAsync(string text) => WaitForAsync(() => Errors, text, "printed to stderr");

    private async Task<string> WaitForAsync(Func<string> stream, string text, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!stream().Contains(text, StringComparison.Ordinal))
        {
            if (HasExited || clock.Elapsed > ReadyDeadline)
            {
                throw new InvalidOperationException($"The server never {what} '{text}'.\n{Describe()}");
            }

            await Task.Delay(50);
        }

        return stream();
    }

    /// <summary>SIGKILL to the whole process tree: no shutdown code runs, as when the server crashes or is OOM-killed.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await FirebreakExecutable.KillAsync(_process);
            lock (Running)
            {
                Running.Remove(_process);
            }
        }
    }

    public string Describe() =>
        $"firebreak serve on {Url} (data {DataDirectory}{(Database is null ? string.Empty : ", PostgreSQL")}), " +
        $"{(_process is null ? "not started" : HasExited ? $"exited with {_process.ExitCode}" : "running")}\n" +
        $"--- stdout ---\n{Output}\n--- stderr ---\n{Errors}";

    async Task IAsyncLifetime.InitializeAsync() => await StartCoreAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await KillAsync();
        }
        finally
        {
            _process?.Dispose();
            _probe.Dispose();
            if (_ownsDataDirectory)
            {
                TempDirectory.Delete(DataDirectory);
            }
        }
    }

    private async Task StartCoreAsync()
    {
        // The port is free when picked but another process may take it before the server binds it: try again then.
        for (var attempt = 1; ; attempt++)
        {
            // A restart on the port it had keeps the node's name, so it takes its scheduler lease straight back.
            Port = _port ?? FreePort.Next();
            _port = null;
            Launch();
            if (await WaitUntilReadyAsync())
            {
                return;
            }

            var portTaken = Errors.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || attempt == 3)
            {
                var description = Describe();
                await KillAsync();
                throw new InvalidOperationException($"The server did not become ready.\n{description}");
            }

            await KillAsync();
            _process!.Dispose();
            _process = null;
        }
    }

    private void Launch()
    {
        lock (_stdout)
        {
            _stdout.Clear();
        }

        lock (_stderr)
        {
            _stderr.Clear();
        }

        var args = new List<string> { "serve", "--urls", AlsoListenOn is null ? Url : Url + ";" + AlsoListenOn, "--data", DataDirectory };
        if (Database is not null)
        {
            args.Add("--database");
            args.Add(Database);
        }

        if (ConfigFile is not null)
        {
            args.Add("--config");
            args.Add(ConfigFile);
        }

        args.AddRange(Arguments);
        var environment = new Dictionary<string, string?>(Environment) { ["FIREBREAK_BOOTSTRAP_ADMIN_TOKEN"] = AdminToken };
        // A data folder the server is to create does not exist yet; it then runs in the folder above.
        var workingDirectory = Directory.Exists(DataDirectory) ? DataDirectory : Path.GetDirectoryName(DataDirectory)!;
        var process = new Process { StartInfo = FirebreakExecutable.StartInfo(args, workingDirectory, environment) };
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.Start();
        _process = process;
        lock (Running)
        {
            Running.Add(process);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyDeadline)
        {
            if (HasExited)
            {
                await _process!.WaitForExitAsync();
                return false;
            }

            try
            {
                using var response = await _probe.GetAsync(new Uri(Url + "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static void KillAllRunning()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            Running.Clear();
        }
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }
}
