using System.Net.Http.Headers;
using System.Net.Http.Json;
using Firebreak.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Server.Tests;

/// <summary>
/// The whole server in memory through WebApplicationFactory, on a fresh temporary SQLite file (or
/// the given PostgreSQL database), with an admin whose token is <see cref="AdminToken"/>.
/// </summary>
public sealed class FirebreakFactory(string? database = null) : WebApplicationFactory<Program>
{
    public const string AdminToken = "fb_test-admin-token-0123456789";

    /// <summary>The password of every account <see cref="UserAsync"/> creates.</summary>
    public const string UserPassword = "correct-horse-battery";

    public string DataDirectory { get; } = TestDatabases.TempDirectory();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", DataDirectory);
        builder.UseSetting("FIREBREAK_BOOTSTRAP_ADMIN_TOKEN", AdminToken);
        if (database is not null)
        {
            builder.UseSetting("database", database);
        }
    }

    public HttpClient Anonymous() => CreateClient();

    public HttpClient Admin() => WithToken(AdminToken);

    /// <summary>A client that signs in with a username and password (HTTP Basic).</summary>
    public HttpClient Basic(string username, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:{password}")));
        return client;
    }

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates an account with the given role and returns a client signed in with a fresh token of its own.</summary>
    public async Task<HttpClient> UserAsync(string username, string role = "responder")
    {
        using var admin = Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { username, role, password = UserPassword });
        created.EnsureSuccessStatusCode();
        using var basic = Basic(username, UserPassword);
        var token = await basic.PostAsJsonAsync("/api/v1/tokens", new { name = "test" });
        token.EnsureSuccessStatusCode();
        var secret = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        return WithToken(secret);
    }

    /// <summary>Stops the server, then removes its data folder (best effort: a file still open is left behind).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
