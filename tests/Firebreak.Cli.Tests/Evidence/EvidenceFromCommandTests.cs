using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Evidence;

/// <summary>
/// evidence INC-7 -- CMD ARGS…: the command runs directly, its output passes through as it runs, and one
/// evidence item keeps the output (lines marked by stream), the exit code, the command line, start and duration.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed partial class EvidenceFromCommandTests(ServerProcess server) : SignedInCommandTests(server)
{
    private const string FailingCommand = "echo out; echo err >&2; exit 3";

    [Fact]
    public async Task EvidenceFromACommand_KeepsOutputExitCodeAndCommandLine_AndExitsZeroOnceAttached()
    {
        var key = Key(await DeclareAsync(Unique("API errors"), "--sev", "P3"));

        var run = (await Cli.RunAsync("evidence", key, "--", "sh", "-c", FailingCommand)).Succeeded();

        // The command's streams pass through unchanged; firebreak's own line goes to stderr.
        Assert.Equal("out\n", run.StdOut);
        Assert.StartsWith("err\n", run.StdErr, StringComparison.Ordinal);
        var attached = AttachedLine().Match(run.StdErr);
        Assert.True(attached.Success, $"Unexpected output: {run}");
        Assert.Equal(key, attached.Groups["incident"].Value);
        Assert.Equal($"sh -c '{FailingCommand}'", attached.Groups["name"].Value);
        Assert.Equal("3", attached.Groups["exit"].Value);

        var number = attached.Groups["id"].Value;
        var content = (await Cli.RunAsync("evidence", key, "--get", number)).Succeeded().StdOut;
        var lines = content.Split('\n');
        Assert.Equal($"command:   sh -c '{FailingCommand}'", lines[0]);
        Assert.Matches(@"^started:   \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$", lines[1]);
        Assert.Matches(@"^duration:  \d+\.\d{3} s$", lines[2]);
        Assert.Equal("exit code: 3", lines[3]);
        Assert.Equal("output:    4 bytes on stdout, 4 on stderr; below, each line as it arrived, marked \"out| \" or \"err| \"", lines[4]);
        Assert.Equal("", lines[5]);
        // Two pipes: which of the two lines firebreak read first is up to the scheduler.
        Assert.Equal(["", "err| err", "out| out"], lines[6..].Order(StringComparer.Ordinal));

        var started = DateTimeOffset.ParseExact(lines[1]["started:   ".Length..], "yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var listed = (await Cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json().EnumerateArray().Single();
        Assert.Equal("file", listed.GetProperty("kind").GetString());
        Assert.True(started <= listed.GetProperty("createdAt").GetDateTimeOffset());

        // A command that succeeds says so too.
        var ok = (await Cli.RunAsync("evidence", key, "--name", "pods", "--", "echo", "all", "pods", "ready")).Succeeded();
        Assert.Equal("all pods ready\n", ok.StdOut);
        Assert.Matches(AttachedLine(), ok.StdErr);
        Assert.Contains(": pods (", ok.StdErr, StringComparison.Ordinal);
        Assert.Contains("the command exited with 0.", ok.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceFromACommand_RunsItWithTheDefaultSigPipe_SoAPipelineEndsQuietly()
    {
        var key = Key(await DeclareAsync(Unique("Disk full"), "--sev", "P3"));

        var run = (await Cli.RunAsync("evidence", key, "--", "sh", "-c", "yes | head -c 4")).Succeeded();
        Assert.Equal("y\ny\n", run.StdOut);
        Assert.DoesNotContain("Broken pipe", run.StdErr, StringComparison.Ordinal);
        Assert.Matches(AttachedLine(), run.StdErr);
    }

    [Fact]
    public async Task EvidenceFromACommand_Sha256MatchesTheDownloadedContent()
    {
        var key = Key(await DeclareAsync(Unique("Queue backlog"), "--sev", "P3"));

        var json = (await Cli.RunAsync("evidence", key, "--json", "--", "sh", "-c", "printf 'no newline at the end'; printf 'caf\\303\\251\\n' >&2")).Succeeded();
        Assert.Equal("no newline at the end", json.StdOut);
        var created = System.Text.Json.JsonDocument.Parse(json.StdErr[json.StdErr.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        var number = created.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var target = Path.Combine(Files.Path, "output.txt");
        (await Cli.RunAsync("evidence", key, "--get", number, "-o", target)).Succeeded();
        var downloaded = await File.ReadAllBytesAsync(target);
        Assert.Equal(created.GetProperty("sha256").GetString(), Sha256(downloaded));
        Assert.Equal(downloaded.Length, created.GetProperty("size").GetInt64());

        // A line left open is ended (when the other stream writes, or at the end), so each line has its mark.
        var text = Encoding.UTF8.GetString(downloaded);
        Assert.Contains("\nout| no newline at the end\n", text, StringComparison.Ordinal);
        Assert.Contains("\nerr| café\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceFromACommand_StreamsTheOutputWhileTheCommandRuns()
    {
        var key = Key(await DeclareAsync(Unique("Slow rollout"), "--sev", "P3"));
        var flag = Path.Combine(Files.Path, "go-on");

        using var process = Cli.Start("evidence", key, "--", "sh", "-c", "echo first; while [ ! -e \"$1\" ]; do sleep 0.1; done; echo second", "sh", flag);
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // The first line is on firebreak's stdout while the command is still waiting for the flag.
            Assert.Equal("first", await process.StandardOutput.ReadLineAsync(deadline.Token));
            Assert.False(process.HasExited);
            Assert.Empty((await Cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json().EnumerateArray());

            await File.WriteAllTextAsync(flag, "");
            Assert.Equal("second\n", await process.StandardOutput.ReadToEndAsync(deadline.Token));
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            await FirebreakExecutable.KillAsync(process);
        }

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Matches(AttachedLine(), await stderr);
        var content = (await Cli.RunAsync("evidence", key, "--get", "1")).Succeeded().StdOut;
        Assert.EndsWith("\n\nout| first\nout| second\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceFromACommand_StoppedBySigTerm_StopsTheCommand_AndStillAttachesWhatItWrote()
    {
        var key = Key(await DeclareAsync(Unique("Log tail"), "--sev", "P3"));

        using var process = Cli.Start("evidence", key, "--", "sh", "-c", "echo following; exec sleep 60");
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            Assert.Equal("following", await process.StandardOutput.ReadLineAsync(deadline.Token));
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(deadline.Token);
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            await FirebreakExecutable.KillAsync(process);
        }

        // firebreak passed the signal on to the command (sleep ends by it: 128 + 15) and attached.
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("143", AttachedLine().Match(await stderr).Groups["exit"].Value);
        var content = (await Cli.RunAsync("evidence", key, "--get", "1")).Succeeded().StdOut;
        Assert.Contains("\nexit code: 143\n", content, StringComparison.Ordinal);
        Assert.EndsWith("\n\nout| following\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceFromACommand_ThatCannotStart_IsAnErrorNamingIt_AndAttachesNothing()
    {
        var key = Key(await DeclareAsync(Unique("Cache misses"), "--sev", "P3"));
        var missing = Unique("no-such-command");

        var run = await Cli.RunAsync("evidence", key, "--", missing, "--flag");
        Assert.Equal(127, run.ExitCode);
        Assert.Contains($"error: Cannot run '{missing}': there is no such command on the PATH. Nothing was attached.", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("", run.StdOut);
        Assert.Empty((await Cli.RunAsync("evidence", key, "--list", "--json")).Succeeded().Json().EnumerateArray());

        var withoutDashes = (await Cli.RunAsync("evidence", key, "echo")).Failed();
        Assert.Contains($"Put the command to run after --: firebreak evidence {key} -- echo", withoutDashes.StdErr, StringComparison.Ordinal);
        var both = (await Cli.RunAsync("evidence", key, "--text", "x", "--", "echo")).Failed();
        Assert.Contains("A command after -- is the evidence", both.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceFromACommand_OnAnUnknownIncident_RunsNothingAndAttachesNothing()
    {
        var flag = Path.Combine(Files.Path, "ran");

        var run = (await Cli.RunAsync("evidence", "INC-987654", "--", "sh", "-c", "echo ran > \"$1\"", "sh", flag)).Failed();
        Assert.Contains("error: 404", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("INC-987654", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(flag), "The command ran although the incident does not exist.");
        Assert.Equal("", run.StdOut);
    }

    [GeneratedRegex(@"^Evidence (?<id>[0-9]+) attached to (?<incident>INC-[0-9]+): (?<name>.*) \((?<size>[0-9]+) bytes, sha256 (?<sha>[0-9a-f]{64})\); the command exited with (?<exit>-?[0-9]+)\.$", RegexOptions.Multiline)]
    private static partial Regex AttachedLine();
}
