using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests;

/// <summary>What the client says when it cannot do anything useful: no login, no server.</summary>
public sealed class ClientErrorTests
{
    [Theory]
    [InlineData("whoami")]
    [InlineData("list")]
    [InlineData("show", "INC-1")]
    [InlineData("declare", "Checkout down", "--sev", "P1")]
    public async Task NotSignedIn_FailsAndSaysToRunLogin(params string[] args)
    {
        using var cli = new CliRunner();
        var result = (await cli.RunAsync(args)).Failed();
        Assert.Contains("Not signed in", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("firebreak login", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut.Trim());
    }

    [Fact]
    public async Task OnlyServerWithoutToken_IsStillNotSignedIn()
    {
        using var cli = new CliRunner();
        var result = (await cli.RunAsync("list", "--server", "http://127.0.0.1:1")).Failed();
        Assert.Contains("firebreak login", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUnreachable_FailsWithAClearMessage()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var cli = new CliRunner();
        var result = (await cli.RunAsync("list", "--server", url, "--token", "fb_whatever")).Failed();
        Assert.Contains($"Cannot reach Firebreak at {url}", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("firebreak serve", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUnreachable_ThroughTheEnvironment_FailsWithAClearMessage()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var cli = new CliRunner();
        cli.Environment["FIREBREAK_SERVER"] = url;
        cli.Environment["FIREBREAK_TOKEN"] = "fb_whatever";
        var result = (await cli.RunAsync("whoami")).Failed();
        Assert.Contains($"Cannot reach Firebreak at {url}", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginToUnreachableServer_FailsAndSavesNothing()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var cli = new CliRunner();
        var result = (await cli.RunAsync("login", url, "--token", "fb_whatever")).Failed();
        Assert.Contains($"Cannot reach Firebreak at {url}", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task NotAUrl_SaysWhatAServerUrlLooksLike()
    {
        using var cli = new CliRunner();
        var result = (await cli.RunAsync("list", "--server", "not a url", "--token", "fb_whatever")).Failed();
        Assert.Contains("is not a server URL", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptConfigFile_SaysToLoginAgain()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.GetDirectoryName(cli.ConfigPath)!);
        await File.WriteAllTextAsync(cli.ConfigPath, "{ this is not json");
        var result = (await cli.RunAsync("whoami")).Failed();
        Assert.Contains("not valid JSON", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("firebreak login", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"detail\": 42}")]
    [InlineData("<html>Bad gateway</html>")]
    public async Task ErrorBodyThatIsNoProblemDocument_IsTheStatusAlone_NotACrash(string body)
    {
        // A stand-in for a proxy in front of the server: it answers every request with a 502 and this body.
        var port = FreePort.Next();
        using var proxy = new System.Net.HttpListener();
        proxy.Prefixes.Add($"http://127.0.0.1:{port}/");
        proxy.Start();
        var answering = Task.Run(async () =>
        {
            var context = await proxy.GetContextAsync();
            context.Response.StatusCode = 502;
            context.Response.ContentType = "application/json";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        using var cli = new CliRunner();
        var result = (await cli.RunAsync("list", "--server", $"http://127.0.0.1:{port}", "--token", "fb_whatever")).Failed();
        await answering;

        Assert.Equal("error: 502 BadGateway\n", result.StdErr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
