using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>
/// The alert pages in Chromium: an admin makes an integration on its page and sees the key once; an alert
/// posted with that key shows on the Alerts page; a responder acknowledges and silences its group, with
/// script or without it, on a desktop or a phone.
/// </summary>
public sealed class AlertsBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Theory]
    [InlineData(true, 1280)]
    [InlineData(false, 375)]
    public async Task AnIntegrationMadeOnItsPage_TakesAnAlert_WhoseGroupIsAcknowledgedAndSilenced(bool javaScript, int width)
    {
        var name = "am-" + Guid.NewGuid().ToString("N")[..8];
        using (var api = server.Api())
        {
            await api.PostAsJsonAsync("/api/v1/users", new { username = "ada", role = "admin", password = BrowserServer.Password });
        }

        var admin = await server.SignInAsync("ada", javaScript, width, 900);
        await admin.GotoAsync("/admin/integrations");
        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Source").SelectOptionAsync("alertmanager");
        await admin.GetByLabel("Service (when no label says)").FillAsync("checkout");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(admin.Locator("#new-endpoint")).ToHaveTextAsync("/intake/alertmanager");
        var key = await admin.Locator("#new-key").InnerTextAsync();
        Assert.Matches("^[0-9a-f]{32}$", key);
        await admin.GotoAsync("/admin/integrations");
        await Expect(admin.Locator("#integration-list")).ToContainTextAsync(name);
        await Expect(admin.Locator("main")).Not.ToContainTextAsync(key);

        using (var sender = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            sender.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var title = "Disk <b>almost</b> full " + name;
            var sent = await sender.PostAsJsonAsync("/intake/alertmanager", new
            {
                version = "4",
                groupKey = "{}:{alertname=\"DiskFull\"," + name + "}",
                status = "firing",
                alerts = new[] { new { status = "firing", labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db1" }, annotations = new Dictionary<string, string> { ["summary"] = title }, fingerprint = "fp-" + name } },
            });
            sent.EnsureSuccessStatusCode();
        }

        var page = await server.SignInAsync("alice", javaScript, width, 900);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        var row = page.Locator("#alert-list tbody tr").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Disk <b>almost</b> full");   // shown as text, not markup
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.Locator("#group-status")).ToHaveTextAsync("firing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Acknowledged.");
        await Expect(page.Locator("#group-status")).ToHaveTextAsync("acknowledged");
        await page.GetByLabel("Silence for").FillAsync("2h");
        await page.GetByLabel("Why").FillAsync("Disk swap tonight");
        await page.GetByRole(AriaRole.Button, new() { Name = "Silence" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Silenced.");
        await Expect(page.Locator("main")).ToContainTextAsync(new Regex("Silenced\\s*until"));
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"the alert group page is {scroll} px wide on a {width} px screen");
        if (javaScript)
        {
            var shot = Path.Combine(Ui.RepositoryRoot(), "docs", "screenshots", "alert-group.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        }
    }
}
