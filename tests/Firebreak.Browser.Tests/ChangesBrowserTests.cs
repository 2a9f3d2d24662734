using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>Change events in a real browser: the declare page names a service's recent change and answers "recent change?" yes, and the room shows it under What changed.</summary>
public sealed class ChangesBrowserTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public ChangesBrowserTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task ARecentChange_IsSuggestedInTriage_AndShownInTheRoom()
    {
        var service = Ui.Unique("checkout").Replace(' ', '-');
        var summary = Ui.Unique("deployed checkout v413");
        using (var api = _server.Api())
        {
            (await api.PostAsJsonAsync("/api/v1/changes", new { kind = "deploy", service, summary, link = "https://ci.example.com/runs/413", at = "20m" })).EnsureSuccessStatusCode();
        }

        var page = await _server.SignInAsync("alice");
        await page.GotoAsync("/incidents/new");
        var answer = page.GetByLabel("Was there a recent change?");
        await Expect(answer).ToHaveValueAsync("unknown");
        await page.GetByLabel("Affected services (comma-separated)").FillAsync(service);
        await page.GetByLabel("Affected services (comma-separated)").PressAsync("Tab");
        await Expect(page.Locator("#recent-changes")).ToContainTextAsync(summary);
        await Expect(answer).ToHaveValueAsync("yes");
        await Expect(page.Locator("#suggestion")).ToContainTextAsync("Suggested:");

        var id = await _server.DeclareAsync(Ui.Unique("Checkout failing"), "SEV-2", service);
        await page.GotoAsync($"/incidents/{id}");
        var panel = page.Locator("#what-changed");
        await Expect(panel).ToContainTextAsync("What changed");
        await Expect(panel.GetByRole(AriaRole.Link, new() { Name = summary })).ToHaveAttributeAsync("href", "https://ci.example.com/runs/413");
        await Expect(panel).ToContainTextAsync("min before start");
    }
}
