using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Firebreak.Cli.Tests.Infrastructure;

namespace Firebreak.Cli.Tests.Serve;

/// <summary>`firebreak serve --status-urls`: the public status page on a listener of its own, where nothing else answers.</summary>
public sealed class StatusListenerServeTests
{
    [Fact]
    public async Task Serve_WithStatusUrls_AnnouncesTheListener_AndAnswersOnlyTheStatusPageThere()
    {
        var statusPort = FreePort.Next();
        await using var server = await ServerProcess.StartAsync(arguments: ["--status-urls", $"http://127.0.0.1:{statusPort}"]);
        var output = await server.WaitForOutputAsync("Sign in from the CLI");
        Assert.Contains($"Firebreak is listening on {server.Url}", output, StringComparison.Ordinal);
        Assert.Contains($"Public status page on http://127.0.0.1:{statusPort}", output, StringComparison.Ordinal);

        using var status = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{statusPort}/") };
        status.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);

        // The first snapshot is built just after start.
        var clock = Stopwatch.StartNew();
        HttpStatusCode page;
        do
        {
            using var response = await status.GetAsync("status");
            page = response.StatusCode;
            await Task.Delay(page == HttpStatusCode.OK ? 0 : 100);
        }
        while (page != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, page);
        foreach (var path in new[] { "status/feed.atom", "api/v2/summary.json", "healthz" })
        {
            using var response = await status.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{path} answered {(int)response.StatusCode} on the status listener");
        }

        foreach (var path in new[] { "api/v1/incidents", "openapi/v1.json", "signin", "incidents" })
        {
            using var response = await status.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/{path} answered {(int)response.StatusCode} on the status listener");
        }

        using var main = server.CreateClient();
        using var incidents = await main.GetAsync("api/v1/incidents");
        Assert.Equal(HttpStatusCode.OK, incidents.StatusCode);
        using var openApi = await main.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }
}
