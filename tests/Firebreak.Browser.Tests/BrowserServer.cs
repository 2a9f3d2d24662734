using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Hosting;
using Firebreak.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Firebreak.Browser.Tests;

/// <summary>
/// A real Firebreak server on a loopback port (Kestrel, a temporary SQLite file) and a real Chromium
/// driven by Playwright. Accounts: admin (API token), alice and bob (responders), vic (viewer), all with <see cref="Password"/>.
/// Derived fixtures set <see cref="ConfigYaml"/> in their constructor or before calling <see cref="InitializeAsync"/>.
/// </summary>
public class BrowserServer : IAsyncLifetime
{
    public const string AdminToken = "fb_browser-admin-token-0123456789";
    public const string Password = "correct-horse-battery";

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public string DataDirectory { get; } = TestDatabases.TempDirectory();

    /// <summary>The running server's services (for example its incident store, to seed large timelines).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Written to firebreak.yaml before start; tests that need verification use the `checkout` service.</summary>
    public string ConfigYaml { get; set; } = "verification:\n  interval: 1s\n";

    public HttpClient Api(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return client;
    }

    public virtual async Task InitializeAsync()
    {
        var config = Path.Combine(DataDirectory, "firebreak.yaml");
        await File.WriteAllTextAsync(config, ConfigYaml);
        Environment.SetEnvironmentVariable("FIREBREAK_BOOTSTRAP_ADMIN_TOKEN", AdminToken);
        _app = FirebreakApp.Build(["--urls", "http://127.0.0.1:0", "--data", DataDirectory, "--config", config, "--scheduler:tickMs", "200"]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var api = Api();
        foreach (var (user, role) in new[] { ("alice", "responder"), ("bob", "responder"), ("vic", "viewer") })
        {
            var created = await api.PostAsJsonAsync("/api/v1/users", new { username = user, role, password = Password });
            created.EnsureSuccessStatusCode();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context, signed out.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context signed in as the user.</summary>
    public async Task<IPage> SignInAsync(string user, bool javaScript = true, int width = 1280, int height = 900, string password = Password)
    {
        var page = await NewPageAsync(javaScript, width, height);
        await SignInOnAsync(page, user, password);
        try
        {
            await page.WaitForURLAsync("**/incidents", new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Signing in as {user} landed on {page.Url}:\n{await page.Locator("body").InnerTextAsync()}");
        }

        return page;
    }

    /// <summary>Fills and submits the sign-in form; the caller checks where it lands.</summary>
    public static async Task SignInOnAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Username").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Declares an incident through the API as the admin; returns its number.</summary>
    public async Task<long> DeclareAsync(string title, string severity = "SEV-2", params string[] services)
    {
        using var api = Api();
        var response = await api.PostAsJsonAsync("/api/v1/incidents", new { title, severity, services });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Adds a timeline entry through the API as the admin.</summary>
    public async Task AddEntryAsync(long incident, string text, string kind = "note")
    {
        using var api = Api();
        var response = await api.PostAsJsonAsync($"/api/v1/incidents/{incident}/timeline", new { kind, text });
        response.EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned eventually anyway.
        }
    }
}
