using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace Firebreak.Testing;

/// <summary>One message the <see cref="SmtpReceiver"/> read to the end of DATA, and the reply it gave.</summary>
public sealed record ReceivedMail(string? MailFrom, IReadOnlyList<string> RcptTo, bool Secure, string? User, int Answered, byte[] Raw)
{
    public string RawText => Encoding.UTF8.GetString(Raw);
}

/// <summary>
/// A real SMTP server in a child process: <c>node tests/tools/smtp/receiver.js</c> (the npm package
/// smtp-server) on a loopback port the OS picks, offering STARTTLS with a self-signed certificate,
/// requiring AUTH with <see cref="Username"/> and <see cref="Password"/>, refusing RCPT or DATA when
/// told (<see cref="RefuseRcpt"/>, <see cref="RefuseData"/>), and recording every message it reads.
/// Without node or without the receiver's npm packages the test fails saying what to install.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    public const string Username = "firebreak-test";
    public const string Password = "smtp-test-password-8f3c";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _stderr;

    private SmtpReceiver(Process process, string directory, StringBuilder stderr, int port)
    {
        _process = process;
        _directory = directory;
        _stderr = stderr;
        Port = port;
    }

    public int Port { get; }

    private string OutPath => Path.Combine(_directory, "messages.jsonl");

    private string ControlPath => Path.Combine(_directory, "control.json");

    /// <summary>Every message read to the end of DATA, in order, whatever it was answered.</summary>
    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            if (!File.Exists(OutPath))
            {
                return [];
            }

            return [.. File.ReadAllLines(OutPath).Where(l => l.Length > 0).Select(Parse)];
        }
    }

    /// <summary>The messages answered 250.</summary>
    public IReadOnlyList<ReceivedMail> Accepted => [.. Messages.Where(m => m.Answered == 250)];

    public static async Task<SmtpReceiver> StartAsync()
    {
        var tool = ToolDirectory();
        if (!File.Exists(Path.Combine(tool, "node_modules", "smtp-server", "package.json")))
        {
            throw new XunitException(
                $"The test SMTP receiver's npm packages are not installed in {tool}. Run `npm ci --no-audit --no-fund` there (test.sh does).");
        }

        var directory = TestDatabases.TempDirectory();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = tool,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "receiver.js", "--port", "0", "--user", Username, "--password", Password,
                     "--out", Path.Combine(directory, "messages.jsonl"), "--control", Path.Combine(directory, "control.json"),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new XunitException("node could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new XunitException(
                $"Node.js (node on PATH, version 18.18 or later) is needed to run the test SMTP receiver, and it could not be started: {e.Message}. Install it (apt-get install nodejs npm; test.sh does).");
        }

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }
            }
        };
        process.BeginErrorReadLine();

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(wait.Token) is { } line)
            {
                if (line.StartsWith("listening 127.0.0.1:", StringComparison.Ordinal))
                {
                    var port = int.Parse(line["listening 127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    return new SmtpReceiver(process, directory, stderr, port);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        string said;
        lock (stderr)
        {
            said = stderr.ToString();
        }

        throw new XunitException($"The test SMTP receiver (node receiver.js in {tool}) did not start listening within 30 s. It said:\n{said}");
    }

    /// <summary>Answers every RCPT TO with this code (550: mailbox unavailable) until set back to null.</summary>
    public int? RefuseRcpt
    {
        get => Control("rcpt");
        set => WriteControl(value, RefuseData);
    }

    /// <summary>Answers the end of DATA with this code (451: try again later) until set back to null.</summary>
    public int? RefuseData
    {
        get => Control("data");
        set => WriteControl(RefuseRcpt, value);
    }

    /// <summary>What the receiver said on its error output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private int? Control(string stage)
    {
        if (!File.Exists(ControlPath))
        {
            return null;
        }

        var control = JsonDocument.Parse(File.ReadAllText(ControlPath)).RootElement;
        return control.TryGetProperty(stage, out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;
    }

    private void WriteControl(int? rcpt, int? data)
    {
        // Written whole and then moved into place: the receiver never reads half a file.
        var temp = ControlPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new Dictionary<string, int?> { ["rcpt"] = rcpt, ["data"] = data }));
        File.Move(temp, ControlPath, overwrite: true);
    }

    private static ReceivedMail Parse(string line)
    {
        var json = JsonDocument.Parse(line).RootElement;
        return new ReceivedMail(
            json.GetProperty("mailFrom").GetString(),
            [.. json.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()!)],
            json.GetProperty("secure").GetBoolean(),
            json.GetProperty("user").GetString(),
            json.GetProperty("answered").GetInt32(),
            Convert.FromBase64String(json.GetProperty("raw").GetString()!));
    }

    /// <summary>tests/tools/smtp, found by walking up from the test binaries to the repository.</summary>
    private static string ToolDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "tools", "smtp");
            if (File.Exists(Path.Combine(candidate, "receiver.js")))
            {
                return candidate;
            }
        }

        throw new XunitException($"tests/tools/smtp/receiver.js was not found above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
