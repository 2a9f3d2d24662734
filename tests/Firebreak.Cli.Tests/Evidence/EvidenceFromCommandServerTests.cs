using System.Text;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Evidence;

/// <summary>
/// Evidence from a command against a server of its own per test (evidence.maxFileSize 64KB): output over
/// the limit is kept up to it and says where it was cut, and so does stderr, while the terminal gets all
/// of it; a server gone by the time the command ends leaves the evidence in a file to attach later.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class EvidenceFromCommandServerTests : IAsyncLifetime, IDisposable
{
    private const long Limit = 64 * 1024;

    private readonly TempDirectory _folder = new();
    private readonly CliRunner _cli = new();
    private ServerProcess? _server;

    public async Task InitializeAsync()
    {
        var config = Path.Combine(_folder.Path, "firebreak.yaml");
        await File.WriteAllTextAsync(config, """
            evidence:
              maxFileSize: 64KB
            """);
        _server = await ServerProcess.StartAsync(configFile: config);
        (await _cli.RunAsync("login", _server.Url, "--token", _server.AdminToken!)).Succeeded();
    }

    public async Task DisposeAsync()
    {
        // Disposing twice is harmless: a test may stop the server itself.
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _cli.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task EvidenceFromACommand_OverTheServersLimit_IsCutThere_AndSaysSo()
    {
        var key = (await _cli.RunAsync("declare", "Log storm", "--sev", "P3", "--json")).Succeeded().Json().GetProperty("key").GetString()!;

        // 22,222 lines of "log line" and a last "lo" without a line break: 311,116 bytes once marked.
        var run = (await _cli.RunAsync("evidence", key, "--", "awk", "BEGIN { for (i = 0; i < 22222; i++) print \"log line\"; printf \"lo\" }")).Succeeded();
        Assert.Equal(200_000, run.StdOut.Length);
        var cut = CutLine().Match(run.StdErr);
        Assert.True(cut.Success, $"No cut notice on stderr.\n{run}");
        Assert.Equal("311,116", cut.Groups["total"].Value);
        Assert.Equal("65,536", cut.Groups["limit"].Value);
        Assert.Contains("the command exited with 0.", run.StdErr, StringComparison.Ordinal);

        var listed = (await _cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json().EnumerateArray().Single();
        var size = listed.GetProperty("size").GetInt64();
        Assert.InRange(size, Limit - 1024, Limit);
        var downloaded = (await _cli.RunAsync("evidence", key, "--get", "1")).Succeeded().StdOut;
        Assert.Equal(size, Encoding.UTF8.GetByteCount(downloaded));
        var lines = downloaded.Split('\n');
        Assert.Equal("exit code: 0", lines[3]);
        Assert.Equal($"{cut.Groups["cut"].Value}", lines[5]);
        Assert.EndsWith($"\n[{cut.Groups["cut"].Value}]\n", downloaded, StringComparison.Ordinal);

        // What is kept is the start of the output, and exactly as many bytes as the notice says.
        var header = string.Join('\n', lines[..7]) + "\n";
        var kept = downloaded[header.Length..^$"\n[{cut.Groups["cut"].Value}]\n".Length];
        Assert.StartsWith("out| log line\nout| log line\n", kept, StringComparison.Ordinal);
        Assert.Equal(cut.Groups["kept"].Value, kept.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EvidenceFromACommand_WhenTheServerIsGoneAfterItRan_KeepsTheEvidenceInAFileToAttachLater()
    {
        var key = (await _cli.RunAsync("declare", "Server restart", "--sev", "P3", "--json")).Succeeded().Json().GetProperty("key").GetString()!;
        var flag = Path.Combine(_folder.Path, "go-on");

        using var process = _cli.Start("evidence", key, "--", "sh", "-c", "echo before; while [ ! -e \"$1\" ]; do sleep 0.1; done; echo after", "sh", flag);
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            Assert.Equal("before", await process.StandardOutput.ReadLineAsync(deadline.Token));
            await _server!.DisposeAsync();
            await File.WriteAllTextAsync(flag, "");
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            await FirebreakExecutable.KillAsync(process);
        }

        var error = await stderr;
        Assert.True(process.ExitCode != 0, error);
        var kept = KeptLine().Match(error);
        Assert.True(kept.Success, error);
        Assert.Contains($"attach it with: firebreak evidence {key} --file {kept.Groups["path"].Value} --name 'sh -c ", error, StringComparison.Ordinal);
        try
        {
            var content = await File.ReadAllTextAsync(kept.Groups["path"].Value);
            Assert.StartsWith("command:   sh -c ", content, StringComparison.Ordinal);
            Assert.EndsWith("\n\nout| before\nout| after\n", content, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept.Groups["path"].Value));
        }
        finally
        {
            File.Delete(kept.Groups["path"].Value);
        }
    }

    [GeneratedRegex(@"The command's evidence is kept in (?<path>/\S+\.txt);")]
    private static partial Regex KeptLine();

    [GeneratedRegex(@"^firebreak: the evidence is (?<cut>cut: the output is (?<total>[0-9,]+) bytes; the first (?<kept>[0-9,]+) are kept, as the server keeps evidence of at most (?<limit>[0-9,]+) bytes)\.$", RegexOptions.Multiline)]
    private static partial Regex CutLine();
}
