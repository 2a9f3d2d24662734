using Microsoft.Playwright;

namespace Firebreak.Browser.Tests;

public sealed class SmokeTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public SmokeTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task SignIn_Declare_ShowsTheIncidentRoom()
    {
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync("/incidents/new");
        await page.GetByLabel("What is broken? (one line)").FillAsync("Checkout returns 502");
        await page.GetByLabel("Users affected right now").SelectOptionAsync("most");
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare" }).ClickAsync();
        await page.WaitForURLAsync("**/incidents/*");
        Assert.Contains("Checkout returns 502", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Directory.CreateDirectory("screenshots");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "screenshots/room.png", FullPage = true });
    }
}
