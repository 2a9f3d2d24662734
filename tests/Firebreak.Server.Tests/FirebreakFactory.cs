using System.Net.Http.Headers;
using System.Net.Http.Json;
using Firebreak.Server.Scheduling;
using Firebreak.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Firebreak.Server.Tests;

/// <summary>
/// The whole server in memory through WebApplicationFactory, on a fresh temporary SQLite file (or
/// the given PostgreSQL database), with an admin whose token is <see cref="AdminToken"/>.
/// A test may give it a firebreak.yaml (<see cref="Config"/>), a clock it moves itself
/// (<see cref="Clock"/>), and turn the background scheduler loop off (<see cref="SchedulerLoop"/>)
/// to run the scheduler itself with <see cref="RunSchedulerAsync"/>.
/// </summary>
public sealed class FirebreakFactory(string? database = null) : WebApplicationFactory<Program>
{
    public const string AdminToken = "fb_test-admin-token-0123456789";

    /// <summary>The password of every account <see cref="UserAsync"/> creates.</summary>
    public const string UserPassword = "correct-horse-battery";

    private readonly string? _givenDataDirectory;
    private string? _dataDirectory;

    /// <summary>The data folder: a fresh temporary one unless given (a given one is left in place on dispose).</summary>
    public string DataDirectory
    {
        get => _dataDirectory ??= _givenDataDirectory ?? TestDatabases.TempDirectory();
        init => _givenDataDirectory = value;
    }

    /// <summary>The text of firebreak.yaml, written into the data folder and passed with --config; null: the built-in defaults.</summary>
    public string? Config { get; init; }

    /// <summary>Where <see cref="Config"/> is written.</summary>
    public string ConfigPath => Path.Combine(DataDirectory, "firebreak.yaml");

    /// <summary>Replaces the server's TimeProvider when set.</summary>
    public FakeClock? Clock { get; init; }

    /// <summary>false: the background scheduler loop does not run; the test runs it with <see cref="RunSchedulerAsync"/>.</summary>
    public bool SchedulerLoop { get; init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", DataDirectory);
        builder.UseSetting("FIREBREAK_BOOTSTRAP_ADMIN_TOKEN", AdminToken);
        if (database is not null)
        {
            builder.UseSetting("database", database);
        }

        if (Config is not null)
        {
            File.WriteAllText(ConfigPath, Config);
            builder.UseSetting("config", ConfigPath);
        }

        if (!SchedulerLoop)
        {
            builder.UseSetting("scheduler:enabled", "false");
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }
    }

    /// <summary>Runs every due scheduler row once at the fake clock's time; returns how many ran.</summary>
    public Task<int> RunSchedulerAsync()
    {
        var clock = Clock ?? throw new InvalidOperationException("Give the factory a FakeClock to drive the scheduler.");
        return Services.GetRequiredService<SchedulerRunner>().RunOnceAsync(clock.GetUtcNow(), CancellationToken.None);
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

    /// <summary>Stops the server, then removes its data folder unless it was given (best effort: a file still open is left behind).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_givenDataDirectory is not null || _dataDirectory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
