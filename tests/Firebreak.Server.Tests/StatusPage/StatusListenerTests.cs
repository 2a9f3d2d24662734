using System.Net;
using System.Net.Http.Headers;
using Firebreak.Server.Hosting;
using Firebreak.Server.StatusPage;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.StatusPage;

/// <summary>
/// --status-urls: a listener of its own, over real HTTP on loopback, on which only the public status page and
/// /healthz answer; both listeners on port 0, so the OS picks each port and the connection, not the port, tells them apart.
/// </summary>
public sealed class StatusListenerTests : IAsyncDisposable
{
    private const string AdminToken = "fb_status-listener-admin-token-0123456789";
    private readonly string _data = TestDatabases.TempDirectory();
    private WebApplication? _app;

    private async Task<(Uri Main, Uri Status)> StartAsync()
    {
        var config = Path.Combine(_data, "firebreak.yaml");
        await File.WriteAllTextAsync(config, "services:\n  - name: checkout\n");
        _app = FirebreakApp.Build([
            "--config", config,
            "--urls", "http://127.0.0.1:0",
            "--statusUrls", "http://127.0.0.1:0",
            "--data", _data,
            "--FIREBREAK_BOOTSTRAP_ADMIN_TOKEN", AdminToken,
            "--scheduler:enabled", "false"]);
        await _app.StartAsync();
        var listeners = _app.Services.GetRequiredService<Listeners>();
        var main = new Uri(Assert.Single(listeners.Main));
        var status = new Uri(Assert.Single(listeners.Status));
        Assert.NotEqual(0, main.Port);
        Assert.NotEqual(0, status.Port);
        Assert.NotEqual(main.Port, status.Port);
        return (main, status);
    }

    private static HttpClient Client(Uri baseAddress, string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Fact]
    public async Task OnTheStatusListener_OnlyThePublicPageAnswers_AndTheMainListenerServesEverything()
    {
        var (main, status) = await StartAsync();
        using var admin = Client(main, AdminToken);
        var id = (await admin.DeclareAsync(new { title = "Checkout errors", severity = "SEV-2", services = new[] { "checkout" } })).Long("id");
        await admin.PostUpdateAsync(id, "We are looking into checkout errors.", "public", "investigating");
        await _app!.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);

        using var open = Client(status);
        using var page = await open.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("We are looking into checkout errors.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(page.Headers.Contains("X-Content-Type-Options"), "The security headers apply on the status listener too.");
        Assert.True(page.Headers.Contains("Content-Security-Policy") || page.Content.Headers.Contains("Content-Security-Policy"), "The page carries its CSP.");
        foreach (var path in new[] { "/status/style.css", "/status/feed.atom", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/incidents.json", "/healthz" })
        {
            using var response = await open.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} on the status listener");
        }

        using (var root = await open.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
            Assert.Equal("/status", root.Headers.Location!.OriginalString);
        }

        using var withToken = Client(status, AdminToken);
        foreach (var path in new[] { "/api/v1/incidents", $"/api/v1/incidents/{id}", "/api/v1/me", "/incidents", "/signin", "/account", "/ui/incidents", "/openapi/v1.json", "/assets/site.css", "/api/v2/nothing.json", "/status/other" })
        {
            using var response = await withToken.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode} on the status listener");
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Not found\n", await response.Content.ReadAsStringAsync());
        }

        using (var signIn = await withToken.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, signIn.StatusCode);
            Assert.Equal("text/plain", signIn.Content.Headers.ContentType?.MediaType);
        }

        using (var declare = await withToken.PostAsync("/api/v1/incidents", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, declare.StatusCode);
        }

        using (var head = await open.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/status")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        // The main listener is as it was: the API, the OpenAPI description, the sign-in page and the status page.
        using (var incidents = await admin.GetAsync("/api/v1/incidents"))
        {
            Assert.Equal(HttpStatusCode.OK, incidents.StatusCode);
        }

        using var anonymous = Client(main);
        foreach (var path in new[] { "/openapi/v1.json", "/signin", "/status", "/api/v2/summary.json", "/status/feed.atom", "/healthz" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} on the main listener");
        }

        using (var unauthenticated = await anonymous.GetAsync("/api/v1/incidents"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }

        using (var root = await anonymous.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
            Assert.Equal("/incidents", root.Headers.Location!.OriginalString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
