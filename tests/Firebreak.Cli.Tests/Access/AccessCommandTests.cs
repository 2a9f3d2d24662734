using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Access;

/// <summary>login, whoami, token and user against a real server.</summary>
public sealed class AccessCommandTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    private string AdminToken => server.AdminToken!;

    [Fact]
    public async Task Login_WithToken_SavesServerAndTokenAndWhoamiUsesThem()
    {
        using var cli = new CliRunner();
        var login = (await cli.RunAsync("login", server.Url, "--token", AdminToken)).Succeeded();
        Assert.Contains($"Signed in to {server.Url} as admin (admin)", login.StdOut, StringComparison.Ordinal);

        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(cli.ConfigPath)))
        {
            Assert.Equal(server.Url, config.RootElement.GetProperty("server").GetString());
            Assert.Equal(AdminToken, config.RootElement.GetProperty("token").GetString());
        }

        var whoami = (await cli.RunAsync("whoami")).Succeeded();
        Assert.Equal($"admin (admin) on {server.Url}", whoami.StdOut.Trim());
        var json = (await cli.RunAsync("whoami", "--json")).Succeeded().Json();
        Assert.Equal("admin", json.GetProperty("username").GetString());
        Assert.Equal("admin", json.GetProperty("role").GetString());
        Assert.False(json.GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Login_WithTrailingSlashUrl_SavesTheCanonicalServer()
    {
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url + "/", "--token", AdminToken)).Succeeded();
        var whoami = (await cli.RunAsync("whoami")).Succeeded();
        Assert.Equal($"admin (admin) on {server.Url}", whoami.StdOut.Trim());
    }

    [Fact]
    public async Task Login_WithWrongPassword_FailsWithTheServersMessageAndSavesNothing()
    {
        using var cli = new CliRunner();
        var login = (await cli.RunWithInputAsync("not-the-password\n", "login", server.Url, "--user", "admin", "--password-stdin")).Failed();
        Assert.Contains("401", login.StdErr, StringComparison.Ordinal);
        Assert.Contains("The token or password was not accepted", login.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Signed in", login.StdOut, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath), "A failed login must not write the config file.");
    }

    [Fact]
    public async Task Login_WithWrongToken_FailsAndKeepsThePreviousLogin()
    {
        using var cli = new CliRunner();
        (await cli.RunAsync("login", server.Url, "--token", AdminToken)).Succeeded();
        var login = (await cli.RunAsync("login", server.Url, "--token", "fb_not-a-real-token")).Failed();
        Assert.Contains("401", login.StdErr, StringComparison.Ordinal);
        Assert.Contains("not accepted", login.StdErr, StringComparison.Ordinal);
        (await cli.RunAsync("whoami")).Succeeded();
    }

    [Fact]
    public async Task Login_WithoutUrl_SaysHowToGiveOne()
    {
        using var cli = new CliRunner();
        var login = (await cli.RunWithInputAsync("x\n", "login", "--user", "admin", "--password-stdin")).Failed();
        Assert.Contains("Give the server URL", login.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithPasswordButNoTerminal_AsksForPasswordStdin()
    {
        using var cli = new CliRunner();
        var login = (await cli.RunAsync("login", server.Url, "--user", "admin")).Failed();
        Assert.Contains("--password-stdin", login.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Token_CreateListRevoke_RevokedTokenStopsWorking()
    {
        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", AdminToken)).Succeeded();
        var name = "laptop-" + Guid.NewGuid().ToString("N")[..8];

        var created = (await admin.RunAsync("token", "create", name)).Succeeded();
        Assert.Contains($"'{name}' created", created.StdOut, StringComparison.Ordinal);
        var secret = created.StdOut.Trim().Split('\n')[^1].Trim();
        Assert.False(string.IsNullOrEmpty(secret));

        var createdJson = (await admin.RunAsync("token", "create", name + "-json", "--json")).Succeeded().Json();
        Assert.Equal(name + "-json", createdJson.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(createdJson.GetProperty("token").GetString()));

        var list = (await admin.RunAsync("token", "list", "--json")).Succeeded().Json();
        var entry = list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        var id = entry.GetProperty("id").GetInt64();
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
        var readable = (await admin.RunAsync("token", "list")).Succeeded();
        Assert.Contains(name, readable.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, readable.StdOut, StringComparison.Ordinal);

        using var other = new CliRunner();
        (await other.RunAsync("whoami", "--server", server.Url, "--token", secret)).Succeeded();

        var revoke = (await admin.RunAsync("token", "revoke", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Succeeded();
        Assert.Contains($"Token {id} revoked.", revoke.StdOut, StringComparison.Ordinal);
        var afterRevoke = (await admin.RunAsync("token", "list")).Succeeded();
        var revokedLine = afterRevoke.StdOut.Split('\n').Single(l => l.Contains($"  {name}  created", StringComparison.Ordinal));
        Assert.Contains("revoked", revokedLine, StringComparison.Ordinal);
        var liveLine = afterRevoke.StdOut.Split('\n').Single(l => l.Contains($"  {name}-json  created", StringComparison.Ordinal));
        Assert.DoesNotContain("revoked", liveLine, StringComparison.Ordinal);

        var rejected = (await other.RunAsync("whoami", "--server", server.Url, "--token", secret)).Failed();
        Assert.Contains("401", rejected.StdErr, StringComparison.Ordinal);

        var again = (await admin.RunAsync("token", "revoke", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Failed();
        Assert.Contains("404", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_CreateListSet_NewUserSignsInWithTheGeneratedPassword()
    {
        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", AdminToken)).Succeeded();
        var username = "dana-" + Guid.NewGuid().ToString("N")[..8];

        var created = (await admin.RunAsync("user", "create", username, "--role", "viewer", "--name", "Dana Scully", "--json")).Succeeded().Json();
        Assert.Equal(username, created.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("viewer", created.GetProperty("user").GetProperty("role").GetString());
        var password = created.GetProperty("password").GetString()!;

        var readable = (await admin.RunAsync("user", "create", username + "-2")).Succeeded();
        Assert.Contains($"Created {username}-2 (responder). Password, shown once: ", readable.StdOut, StringComparison.Ordinal);

        var list = (await admin.RunAsync("user", "list")).Succeeded();
        var line = list.StdOut.Split('\n').Single(l => l.StartsWith(username + " ", StringComparison.Ordinal));
        Assert.Contains("viewer", line, StringComparison.Ordinal);
        Assert.Contains("active", line, StringComparison.Ordinal);
        Assert.Contains("Dana Scully", line, StringComparison.Ordinal);

        using var dana = new CliRunner();
        (await dana.RunWithInputAsync(password + "\n", "login", server.Url, "--user", username, "--password-stdin")).Succeeded();
        Assert.Contains($"{username} (viewer)", (await dana.RunAsync("whoami")).Succeeded().StdOut, StringComparison.Ordinal);

        // A viewer cannot declare; the server's explanation reaches stderr.
        var refused = (await dana.RunAsync("declare", "viewer tries", "--sev", "P3")).Failed();
        Assert.Contains("403", refused.StdErr, StringComparison.Ordinal);

        var promoted = (await admin.RunAsync("user", "set", username, "--role", "responder")).Succeeded();
        Assert.Equal($"{username}: responder, active", promoted.StdOut.Trim());
        Assert.Contains($"{username} (responder)", (await dana.RunAsync("whoami")).Succeeded().StdOut, StringComparison.Ordinal);

        var disabled = (await admin.RunAsync("user", "set", username, "--disabled", "true", "--json")).Succeeded().Json();
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        (await dana.RunAsync("whoami")).Failed();

        var bad = (await admin.RunAsync("user", "create", "Not Valid!")).Failed();
        Assert.Contains("'username' must be", bad.StdErr, StringComparison.Ordinal);
    }
}
