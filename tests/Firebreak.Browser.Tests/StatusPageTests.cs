using System.Net.Http.Json;
using Firebreak.Server.StatusPage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The public status page in Chromium: no sign-in, no script needed, readable on a phone, hostile text inert, status in words.</summary>
public sealed class StatusPageTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private async Task<long> ToldAsync(string title, string text)
    {
        var id = await server.DeclareAsync(title, "SEV-1", "api");
        using var api = server.Api();
        (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { audience = "public", status = "investigating", text })).EnsureSuccessStatusCode();
        await server.Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);
        return id;
    }

    [Theory]
    [InlineData(1280, true)]
    [InlineData(375, false)]
    public async Task ThePublicPage_ShowsTheIncident_InertText_AndFitsTheScreen(int width, bool javaScript)
    {
        var title = Ui.Unique("<img src=x onerror=\"document.title='owned'\"> API errors");
        var id = await ToldAsync(title, "We are looking into API errors. <script>document.title='owned'</script>");
        var page = await server.NewPageAsync(javaScript, width, 800);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        var response = await page.GotoAsync("/status");
        Assert.Equal(200, response!.Status);
        Assert.DoesNotContain("/signin", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("main")).ToBeVisibleAsync();
        await Expect(page.Locator(".overall")).ToHaveTextAsync("Major System Outage");
        var article = page.Locator($"#incident-{id}");
        await Expect(article.Locator("h3")).ToHaveTextAsync(title);
        await Expect(article).ToContainTextAsync("<script>document.title='owned'</script>");
        Assert.NotEqual("owned", await page.TitleAsync());
        Assert.Equal(0, dialogs);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide on a {width} px screen");
        // The status is said in words, not by colour alone.
        await Expect(page.Locator(".overall")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("h1, h2").First).ToBeVisibleAsync();
    }
}
