using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Firebreak.Bench;

/// <summary>One file nginx serves: its path on the server, its bytes, the Content-Type to send, and a gzip copy for gzip_static.</summary>
internal sealed record StaticFile(string UrlPath, byte[] Bytes, string ContentType, byte[]? Gzip);

/// <summary>
/// A throwaway nginx on 127.0.0.1 serving fixed files from a folder of its own: its own config file,
/// pid file and logs there, never the system service. Started in the foreground (<c>daemon off</c>)
/// as a child of the benchmark, and ended (SIGTERM: nginx's fast shutdown) when disposed.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private bool _stopped;

    private Nginx(Process process, Uri baseAddress, string folder)
    {
        _process = process;
        BaseAddress = baseAddress;
        Folder = folder;
    }

    public Uri BaseAddress { get; }

    public string Folder { get; }

    /// <summary>The nginx on PATH, or the Debian package's.</summary>
    public static string Executable => Wrk.Which("nginx") ?? "/usr/sbin/nginx";

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(Executable, "-v") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var text = await process.StandardError.ReadToEndAsync(cancellationToken) + await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return text.Trim().Replace("nginx version: ", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Writes the files and the config into <paramref name="folder"/>, starts nginx and waits until it serves the first file.</summary>
    public static async Task<Nginx> StartAsync(string folder, IReadOnlyList<StaticFile> files, CancellationToken cancellationToken)
    {
        var www = Path.Combine(folder, "www");
        Directory.CreateDirectory(www);
        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        var port = ServerProcess.FreePort();
        var locations = new StringBuilder();
        foreach (var file in files)
        {
            var onDisk = Path.Combine(www, file.UrlPath.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(onDisk)!);
            await File.WriteAllBytesAsync(onDisk, file.Bytes, cancellationToken);
            if (file.Gzip is { } gzip)
            {
                await File.WriteAllBytesAsync(onDisk + ".gz", gzip, cancellationToken);
            }

            locations.Append(CultureInfo.InvariantCulture, $"        location = {file.UrlPath} {{ default_type \"{file.ContentType}\";{(file.Gzip is null ? string.Empty : " gzip_static on;")} }}\n");
        }

        var temp = Path.Combine(folder, "temp");
        var config = $$"""
            # Written by the Firebreak benchmark: fixed files on 127.0.0.1, one worker per core.
            {{(Environment.UserName == "root" ? "user root;" : string.Empty)}}
            worker_processes {{Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)}};
            pid {{Path.Combine(folder, "nginx.pid")}};
            error_log {{Path.Combine(folder, "error.log")}} warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                gzip off;
                gzip_vary on;
                server_tokens off;
                keepalive_requests 1000000;
                open_file_cache max=64;
                types { }
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                server {
                    listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                    root {{www}};
            {{locations}}
                }
            }
            """;
        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config, cancellationToken);

        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", configPath, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        ChildProcesses.Track(process);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new Nginx(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), folder);

        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited || waited.Elapsed > StartDeadline)
                {
                    string said;
                    lock (output)
                    {
                        said = output.ToString();
                    }

                    throw new InvalidOperationException($"nginx did not serve {files[0].UrlPath} (exited: {process.HasExited}).\n{said}\n{ReadOr(Path.Combine(folder, "error.log"))}");
                }

                try
                {
                    using var response = await probe.GetAsync(new Uri(nginx.BaseAddress, files[0].UrlPath.TrimStart('/')), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return nginx;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch
        {
            await nginx.DisposeAsync();
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

    private static string ReadOr(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
}
