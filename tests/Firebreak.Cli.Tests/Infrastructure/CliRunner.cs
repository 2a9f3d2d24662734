using System.Diagnostics;
using System.Text.Json;

namespace Firebreak.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI did.</summary>
public sealed record CliResult(string[] Args, int ExitCode, string StdOut, string StdErr)
{
    public CliResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"Expected exit code 0.\n{this}");
        return this;
    }

    public CliResult Failed()
    {
        Assert.True(ExitCode != 0, $"Expected a non-zero exit code.\n{this}");
        return this;
    }

    /// <summary>Stdout parsed as JSON (fails the test when it is not JSON).</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(StdOut);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"Stdout is not JSON ({e.Message}).\n{this}");
        }
    }

    public override string ToString() =>
        $"$ firebreak {string.Join(' ', Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}\n" +
        $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the real `firebreak` client with its own config file (FIREBREAK_CONFIG, in a temp folder
/// removed on dispose), so what `login` saves is private to this instance.
/// </summary>
public sealed class CliRunner : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _home = new();

    public string ConfigPath => Path.Combine(_home.Path, "config", "firebreak.json");

    /// <summary>Extra environment for every run (null removes a variable).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => RunAsync(args, stdin);

    /// <summary>
    /// Starts `firebreak args...` with this runner's config and returns it running, for a test that
    /// reads its output while it runs; the caller waits for it and disposes it.
    /// </summary>
    public Process Start(params string[] args)
    {
        var environment = new Dictionary<string, string?>(Environment) { ["FIREBREAK_CONFIG"] = ConfigPath };
        var process = new Process { StartInfo = FirebreakExecutable.StartInfo(args, _home.Path, environment) };
        process.Start();
        process.StandardInput.Close();
        return process;
    }

    public async Task<CliResult> RunAsync(string[] args, string? stdin)
    {
        var environment = new Dictionary<string, string?>(Environment) { ["FIREBREAK_CONFIG"] = ConfigPath };
        using var process = new Process { StartInfo = FirebreakExecutable.StartInfo(args, _home.Path, environment) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading its input; its output says why.
        }

        using (var deadline = new CancellationTokenSource(Timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                await FirebreakExecutable.KillAsync(process);
                throw new TimeoutException(
                    $"firebreak {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.\n--- stdout ---\n{await stdout}\n--- stderr ---\n{await stderr}");
            }
        }

        return new CliResult(args, process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _home.Dispose();
}
