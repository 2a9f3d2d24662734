using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The declare page's live triage applies the suggestion's privacy to the private box until the responder sets it.</summary>
public sealed class DeclareTriageTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public DeclareTriageTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task Declare_BreachNotRuledOut_TicksThePrivateBox_AndDeclaresPrivateAtTheBreachLevel()
    {
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync("/incidents/new");
        var suggestion = page.Locator("#suggestion");
        var box = page.GetByLabel("Private: only members and admins can see it (security incidents)");
        await page.GetByLabel("What is broken? (one line)").FillAsync(Ui.Unique("Unexpected password resets"));
        await page.GetByLabel("Users affected right now").SelectOptionAsync("none");
        await page.GetByLabel("Is a core feature broken?").SelectOptionAsync("no");
        await page.GetByLabel("Is data being lost or corrupted?").SelectOptionAsync("no");
        await page.GetByLabel("Is there a workaround?").SelectOptionAsync("yes");
        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("no");
        await Expect(suggestion).ToContainTextAsync("Suggested: SEV-4");
        await Expect(box).Not.ToBeCheckedAsync();

        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("unknown");
        await Expect(suggestion).ToContainTextAsync("Suggested: SEV-1 (private until a breach is ruled out)");
        await Expect(box).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Ui.AnyRoomUrl());
        await Expect(page.Locator("h1 .sev")).ToHaveTextAsync("SEV-1");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("(private)");
    }

    [Fact]
    public async Task Declare_PrivateBoxSetByTheResponder_IsLeftAsTheyChoseIt()
    {
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync("/incidents/new");
        var box = page.GetByLabel("Private: only members and admins can see it (security incidents)");
        await box.CheckAsync();
        await box.UncheckAsync();

        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("no");
        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("unknown");
        await Expect(page.Locator("#suggestion")).ToContainTextAsync("private until a breach is ruled out");
        await Expect(box).Not.ToBeCheckedAsync();
    }
}
