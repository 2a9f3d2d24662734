using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The incident room appends entries as they are recorded, from anywhere, without a reload.</summary>
public sealed class LiveTimelineTests : IClassFixture<BrowserServer>
{
    private static readonly LocatorAssertionsToBeVisibleOptions TwoSeconds = new() { Timeout = 2000 };

    private readonly BrowserServer _server;

    public LiveTimelineTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task EntryAddedThroughTheApi_AppearsInTheOpenRoom_WithinTwoSeconds_WithoutAReload()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Search is slow"));
        var page = await _server.SignInAsync("bob");
        await page.GotoAsync($"/incidents/{id}");
        var navigations = CountNavigations(page);
        await MarkDocumentAsync(page);

        var text = Ui.Unique("p99 latency is 4 s on the search cluster");
        await _server.AddEntryAsync(id, text);

        var entry = Ui.Timeline(page).Locator("li", new() { HasText = text });
        await Expect(entry).ToBeVisibleAsync(TwoSeconds);
        await Expect(entry.Locator(".kind")).ToHaveTextAsync("note");
        await Expect(entry.Locator(".meta")).ToContainTextAsync("admin");
        await AssertNotReloadedAsync(page, navigations);
    }

    [Fact]
    public async Task OpenRoom_StopsListening_WhenItsSessionIsSignedOutEverywhere()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Thumbnails are missing"));
        var page = await _server.SignInAsync("vic");
        await page.GotoAsync($"/incidents/{id}");
        // The stream must be open before the session ends: a stream refused at its start never hears "ended".
        await Expect(page.Locator("#timeline[data-live-state='open']")).ToHaveCountAsync(1, new() { Timeout = 10_000 });

        using var api = _server.Api();
        (await api.PostAsync("/api/v1/users/vic/sessions/end", null)).EnsureSuccessStatusCode();

        await Expect(page.Locator("#live-note")).ToContainTextAsync("Live updates stopped", new() { Timeout = 15_000 });
        var text = Ui.Unique("written after vic was signed out");
        await _server.AddEntryAsync(id, text);
        await page.WaitForTimeoutAsync(1500);
        await Expect(Ui.Timeline(page)).Not.ToContainTextAsync(text);
    }

    [Fact]
    public async Task EntryAddedFromAnotherBrowser_AppearsInTheOpenRoom_WithinTwoSeconds()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Login emails are late"));
        var watcher = await _server.SignInAsync("alice");
        await watcher.GotoAsync($"/incidents/{id}");
        var navigations = CountNavigations(watcher);
        await MarkDocumentAsync(watcher);

        var writer = await _server.SignInAsync("bob");
        await writer.GotoAsync($"/incidents/{id}");
        var text = Ui.Unique("Mail queue holds 40k messages");
        await writer.Locator("#entry-kind").SelectOptionAsync("symptom");
        await writer.GetByLabel("Entry", new() { Exact = true }).FillAsync(text);
        await writer.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Expect(Ui.Timeline(writer)).ToContainTextAsync(text);

        var entry = Ui.Timeline(watcher).Locator("li", new() { HasText = text });
        await Expect(entry).ToBeVisibleAsync(TwoSeconds);
        await Expect(entry.Locator(".kind")).ToHaveTextAsync("symptom");
        await AssertNotReloadedAsync(watcher, navigations);
    }

    [Fact]
    public async Task ChangeToTheIncidentItself_AppearsLive_AndOffersAReloadForTheNewState()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Invoices render blank"));
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync($"/incidents/{id}");
        var navigations = CountNavigations(page);
        await MarkDocumentAsync(page);
        await Expect(page.Locator("#live-note")).ToBeHiddenAsync();

        using (var api = _server.Api())
        {
            var assigned = await api.PostAsJsonAsync($"/api/v1/incidents/{id}/roles", new { role = "commander", user = "bob" });
            assigned.EnsureSuccessStatusCode();
        }

        await Expect(Ui.Timeline(page).Locator("li", new() { HasText = "bob is commander" })).ToBeVisibleAsync(TwoSeconds);
        await Expect(page.Locator("#live-note")).ToBeVisibleAsync(TwoSeconds);
        await AssertNotReloadedAsync(page, navigations);
        await page.Locator("#live-note a").ClickAsync();
        await Expect(page.Locator(".facts > div", new() { HasText = "Commander" })).ToContainTextAsync("bob");
    }

    private static Func<int> CountNavigations(IPage page)
    {
        var count = 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Interlocked.Increment(ref count);
            }
        };
        return () => Volatile.Read(ref count);
    }

    /// <summary>A value on the window that a reload or navigation would wipe.</summary>
    private static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.firebreakTestMark = 'same document'; }");

    private static async Task AssertNotReloadedAsync(IPage page, Func<int> navigations)
    {
        Assert.Equal(0, navigations());
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.firebreakTestMark ?? null"));
    }
}
