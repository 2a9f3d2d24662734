using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>User text is shown as text everywhere it appears and never runs.</summary>
public sealed class EscapingTests : IClassFixture<BrowserServer>
{
    private const string ScriptTitle = "<script>alert(1)</script>";
    private const string ImageNote = "<img src=x onerror=alert(2)>";

    private readonly BrowserServer _server;

    public EscapingTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task ScriptTitleAndImageNote_ShowAsLiteralText_InTheListTheRoomAndALiveAppend_AndRunNothing()
    {
        var page = await _server.SignInAsync("alice");
        var dialogs = new DialogRecorder(page);
        var title = $"{ScriptTitle} {Guid.NewGuid().ToString("N")[..8]}";

        var id = await Ui.DeclareAsync(page, title, services: "<b>web</b>");
        await page.GetByLabel("Entry", new() { Exact = true }).FillAsync(ImageNote);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync(ImageNote);

        // The room: heading, page title, timeline (declaration and note), services, update draft.
        Assert.Contains(title, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(title, await page.TitleAsync(), StringComparison.Ordinal);
        var timeline = await Ui.Timeline(page).InnerTextAsync();
        Assert.Contains($"Declared SEV-", timeline, StringComparison.Ordinal);
        Assert.Contains(title, timeline, StringComparison.Ordinal);
        Assert.Contains(ImageNote, timeline, StringComparison.Ordinal);
        Assert.Contains("<b>web</b>", await page.Locator(".facts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(title, await page.Locator("#update-text").InputValueAsync(), StringComparison.Ordinal);
        await AssertNothingInjectedAsync(page);

        // Pinned, the note is rendered a second time at the top.
        var version = await Ui.Timeline(page).Locator("li", new() { HasText = ImageNote }).GetAttributeAsync("data-version");
        await page.GetByLabel("Pin entry number").FillAsync(version!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pin", Exact = true }).ClickAsync();
        await Expect(page.Locator(".pinned-list")).ToContainTextAsync(ImageNote);
        await AssertNothingInjectedAsync(page);

        // The list, and a search for the title.
        await page.GotoAsync("/incidents");
        var row = page.Locator("tbody tr", new() { HasText = title });
        Assert.Contains(title, await row.InnerTextAsync(), StringComparison.Ordinal);
        await AssertNothingInjectedAsync(page);
        await page.GotoAsync("/incidents?q=" + Uri.EscapeDataString(ScriptTitle));
        await Expect(page.Locator("#f-q")).ToHaveValueAsync(ScriptTitle);
        await Expect(page.Locator("tbody tr", new() { HasText = title })).ToHaveCountAsync(1);
        await AssertNothingInjectedAsync(page);

        // A live append of the same text, through the API, into the open room.
        await page.GotoAsync($"/incidents/{id}");
        var live = $"{ImageNote} {ScriptTitle} live {Guid.NewGuid().ToString("N")[..8]}";
        await _server.AddEntryAsync(id, live);
        var appended = Ui.Timeline(page).Locator("li", new() { HasText = live });
        await Expect(appended).ToBeVisibleAsync(new() { Timeout = 2000 });
        Assert.Equal(live, await appended.Locator(".text").InnerTextAsync());
        await AssertNothingInjectedAsync(page);

        Assert.Empty(dialogs.Messages);
    }

    [Fact]
    public async Task GuardrailMessageQuotingUserText_ShowsItAsLiteralText()
    {
        var page = await _server.SignInAsync("bob");
        var dialogs = new DialogRecorder(page);
        var id = await _server.DeclareAsync(Ui.Unique("Escaping in banners"));
        await page.GotoAsync($"/incidents/{id}");
        var hostile = $"\"><script>alert(3)</script>{ImageNote}";

        // Mitigation 1 applied and not verified: starting a second one is blocked by two-changes, whose message quotes the first one's title.
        await ProposeAsync(page, hostile);
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "apply mitigation 1" }).ClickAsync();
        await ProposeAsync(page, "Scale the web tier");
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 2" }).ClickAsync();
        var banner = page.Locator(".banner.block");
        await Expect(banner).ToContainTextAsync("Blocked by two-changes");
        Assert.Contains($"({hostile})", await banner.InnerTextAsync(), StringComparison.Ordinal);
        await AssertNothingInjectedAsync(page);
        Assert.Empty(dialogs.Messages);
    }

    private static async Task ProposeAsync(IPage page, string title)
    {
        await page.Locator("#m-kind").SelectOptionAsync("feature-flag");
        await page.GetByLabel("What will be done").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose mitigation" }).ClickAsync();
        await page.WaitForURLAsync(Ui.AnyRoomUrl());
    }

    /// <summary>No element or script from user text made it into the document.</summary>
    private static async Task AssertNothingInjectedAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.Equal(0, await page.Locator("main b").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => Array.from(document.scripts).some(s => s.textContent.includes('alert('))"));
    }
}
