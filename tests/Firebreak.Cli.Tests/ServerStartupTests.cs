using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests;

/// <summary>What `firebreak serve` prints on first and later starts, and signing in with it.</summary>
public sealed class ServerStartupTests
{
    private const string PasswordBanner = "Its password is shown only this once:";

    [Fact]
    public async Task FirstStart_PrintsOneTimePassword_LoginWithItSavesConfig_RestartPrintsNoNewPassword()
    {
        using var data = new TempDirectory();
        using var cli = new CliRunner();
        string password;
        await using (var server = await ServerProcess.StartAsync(data.Path, adminToken: null))
        {
            var output = await server.WaitForOutputAsync("Sign in from the CLI");
            Assert.Contains($"Firebreak is listening on {server.Url}", output, StringComparison.Ordinal);
            Assert.Contains($"firebreak login {server.Url} --user admin", output, StringComparison.Ordinal);
            Assert.Contains("Created the first account: admin.", output, StringComparison.Ordinal);
            password = PasswordAfterBanner(output);
            Assert.True(password.Length >= 12, $"The one-time password '{password}' is too short.\n{output}");

            Assert.False(File.Exists(cli.ConfigPath));
            var login = (await cli.RunWithInputAsync(password + "\n", "login", server.Url, "--user", "admin", "--password-stdin")).Succeeded();
            Assert.Contains($"Signed in to {server.Url} as admin (admin)", login.StdOut, StringComparison.Ordinal);
            Assert.Contains(cli.ConfigPath, login.StdOut, StringComparison.Ordinal);

            Assert.True(File.Exists(cli.ConfigPath), $"login did not write {cli.ConfigPath}");
            using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(cli.ConfigPath)))
            {
                Assert.Equal(server.Url, config.RootElement.GetProperty("server").GetString());
                Assert.False(string.IsNullOrEmpty(config.RootElement.GetProperty("token").GetString()));
                Assert.NotEqual(password, config.RootElement.GetProperty("token").GetString());
            }

            var whoami = (await cli.RunAsync("whoami")).Succeeded();
            Assert.Equal($"admin (admin) on {server.Url}", whoami.StdOut.Trim());
        }

        await using (var restarted = await ServerProcess.StartAsync(data.Path, adminToken: null))
        {
            var output = await restarted.WaitForOutputAsync("Sign in from the CLI");
            Assert.Contains($"Firebreak is listening on {restarted.Url}", output, StringComparison.Ordinal);
            Assert.DoesNotContain(PasswordBanner, output, StringComparison.Ordinal);
            Assert.DoesNotContain("Created the first account", output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, output, StringComparison.Ordinal);

            // The same admin password still signs in: the account was not re-created.
            using var again = new CliRunner();
            var login = (await again.RunWithInputAsync(password + "\n", "login", restarted.Url, "--user", "admin", "--password-stdin")).Succeeded();
            Assert.Contains("as admin (admin)", login.StdOut, StringComparison.Ordinal);
            var users = (await again.RunAsync("user", "list", "--json")).Succeeded().Json();
            Assert.Single(users.EnumerateArray());
        }
    }

    [Fact]
    public async Task FirstStart_WithBootstrapToken_SaysSoAndPrintsNoPassword()
    {
        const string token = "fb_bootstrap-token-for-startup-test-42";
        await using var server = await ServerProcess.StartAsync(adminToken: token);
        var output = await server.WaitForOutputAsync("Sign in from the CLI");
        Assert.Contains($"Firebreak is listening on {server.Url}", output, StringComparison.Ordinal);
        Assert.Contains("FIREBREAK_BOOTSTRAP_ADMIN_TOKEN", output, StringComparison.Ordinal);
        Assert.DoesNotContain(PasswordBanner, output, StringComparison.Ordinal);
        Assert.Contains("Data: SQLite", output, StringComparison.Ordinal);
        Assert.Contains(server.DataDirectory, output, StringComparison.Ordinal);

        using var cli = new CliRunner();
        var whoami = (await cli.RunAsync("whoami", "--server", server.Url, "--token", token, "--json")).Succeeded().Json();
        Assert.Equal("admin", whoami.GetProperty("username").GetString());
        Assert.Equal("admin", whoami.GetProperty("role").GetString());
    }

    private static string PasswordAfterBanner(string output)
    {
        var lines = output.Split('\n');
        var banner = Array.FindIndex(lines, l => l.Contains(PasswordBanner, StringComparison.Ordinal));
        Assert.True(banner >= 0 && banner + 1 < lines.Length, $"No one-time password in the output:\n{output}");
        var password = lines[banner + 1].Trim();
        Assert.False(string.IsNullOrEmpty(password), $"The line after the banner is empty:\n{output}");
        Assert.DoesNotContain(' ', password);
        return password;
    }
}
