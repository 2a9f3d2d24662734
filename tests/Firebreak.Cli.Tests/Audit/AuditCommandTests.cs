using System.Text.Json;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Audit;

/// <summary>firebreak audit and user signout against a real server on loopback.</summary>
public sealed class AuditCommandTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    [Fact]
    public async Task Audit_ShowsSignInsWithTheClientAddress_AndFilters()
    {
        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var password = (await admin.RunAsync("user", "create", "ines", "--role", "responder", "--json")).Succeeded().Json().GetProperty("password").GetString()!;
        using var ines = new CliRunner();
        (await ines.RunWithInputAsync("not-her-password\n", "login", server.Url, "--user", "ines", "--password-stdin")).Failed();
        (await ines.RunWithInputAsync(password + "\n", "login", server.Url, "--user", "ines", "--password-stdin")).Succeeded();

        var text = (await admin.RunAsync("audit", "--actor", "ines")).Succeeded().StdOut;
        Assert.Contains("sign-in-failed", text, StringComparison.Ordinal);
        Assert.Matches(@"ines\s+sign-in\s+127\.0\.0\.1\s+ines signed in with a password over the API\.", text);
        Assert.Contains("token-created", text, StringComparison.Ordinal);

        var failed = (await admin.RunAsync("audit", "--kind", "sign-in-failed", "--actor", "ines", "--json")).Succeeded().Json().GetProperty("entries");
        var entry = Assert.Single(failed.EnumerateArray());
        Assert.Equal(("ines", "127.0.0.1"), (entry.GetProperty("actor").GetString(), entry.GetProperty("clientAddress").GetString()));
        Assert.Contains("wrong password", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindAProxyOnThisMachine_TheAddressIsTheOneTheProxyForwarded()
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("proxied-guess:wrong"u8.ToArray()));
        request.Headers.Add("X-Forwarded-For", "203.0.113.50, 198.51.100.23");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);

        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var entry = Assert.Single((await admin.RunAsync("audit", "--actor", "proxied-guess", "--json")).Succeeded().Json().GetProperty("entries").EnumerateArray());

        Assert.Equal("198.51.100.23", entry.GetProperty("clientAddress").GetString());
    }

    [Fact]
    public async Task Audit_WithAnUnknownKind_Fails400_NamingTheKinds_AndIsForAdminsOnly()
    {
        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        var refused = (await admin.RunAsync("audit", "--kind", "everything")).Failed();
        Assert.StartsWith("error: 400", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("sign-in-failed", refused.StdErr, StringComparison.Ordinal);

        var password = (await admin.RunAsync("user", "create", "walt", "--role", "viewer", "--json")).Succeeded().Json().GetProperty("password").GetString()!;
        using var viewer = new CliRunner();
        (await viewer.RunWithInputAsync(password + "\n", "login", server.Url, "--user", "walt", "--password-stdin")).Succeeded();
        Assert.StartsWith("error: 403", (await viewer.RunAsync("audit")).Failed().StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserSignout_EndsTheAccountsWebSessions_AndIsAudited()
    {
        using var admin = new CliRunner();
        (await admin.RunAsync("login", server.Url, "--token", server.AdminToken!)).Succeeded();
        (await admin.RunAsync("user", "create", "xena", "--role", "viewer")).Succeeded();

        var ended = (await admin.RunAsync("user", "signout", "xena")).Succeeded();
        Assert.Equal("xena was signed out of 0 web sessions.", ended.StdOut.Trim());
        Assert.Equal(0, (await admin.RunAsync("user", "signout", "xena", "--json")).Succeeded().Json().GetProperty("ended").GetInt32());

        var entries = (await admin.RunAsync("audit", "--kind", "sessions-ended", "--json")).Succeeded().Json().GetProperty("entries");
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("subject").GetString() == "xena" && e.GetProperty("actor").GetString() == "admin");
        Assert.StartsWith("error: 404", (await admin.RunAsync("user", "signout", "nobody-here")).Failed().StdErr, StringComparison.Ordinal);
    }
}
