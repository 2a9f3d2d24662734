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
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { username, role, password = "correct-horse-battery" });
        created.EnsureSuccessStatusCode();
        using var basic = CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:correct-horse-battery")));
        var token = await basic.PostAsJsonAsync("/api/v1/tokens", new { name = "test" });
        token.EnsureSuccessStatusCode();
        var secret = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        return WithToken(secret);
    }
}
