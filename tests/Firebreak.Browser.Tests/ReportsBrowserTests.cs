using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The learning report page: the figures and server-drawn charts without JavaScript, the filter form, and a phone's width.</summary>
public sealed class ReportsBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Theory]
    [InlineData(true, 1280)]
    [InlineData(false, 375)]
    public async Task TheReport_ShowsItsFiguresAndCharts_WithOrWithoutScript_AndFitsAPhone(bool javaScript, int width)
    {
        using (var api = server.Api())
        {
            var declared = await api.PostAsJsonAsync("/api/v1/incidents", new { title = Ui.Unique("Report <i>input</i>"), severity = "SEV-2", services = new[] { "checkout" } });
            declared.EnsureSuccessStatusCode();
        }

        var page = await server.SignInAsync("alice", javaScript, width, 900);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Expect(page.Locator("#overall")).ToBeVisibleAsync();
        Assert.True(await page.Locator("svg[role=img] title").CountAsync() >= 1, "a chart with a title");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("<i>input</i>");   // no incident titles on the report

        await page.GetByLabel("Since").FillAsync("soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("'soon' is not a window: write a number of days");
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"/reports is {scroll} px wide on a {width} px screen");
    }
}
