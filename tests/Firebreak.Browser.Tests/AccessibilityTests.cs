using System.Net.Http.Json;
using Microsoft.Playwright;
using Firebreak.Core.Investigation;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>Usable with the keyboard alone; every control has a name a screen reader can say.</summary>
public sealed class AccessibilityTests : IClassFixture<BrowserServer>
{
    /// <summary>Controls with no label, aria-label or aria-labelledby, and buttons and links with no text: "tag#id name" each.</summary>
    private const string Unlabelled = """
        () => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]'))
          .filter(e => {
            if (e.matches('button, a')) return !(e.textContent.trim() || e.getAttribute('aria-label'));
            return !(e.labels && e.labels.length > 0 && Array.from(e.labels).some(l => l.textContent.trim()))
                && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
          })
          .map(e => `${e.tagName.toLowerCase()}#${e.id} ${e.getAttribute('name') || ''}`)
        """;

    private readonly BrowserServer _server;

    public AccessibilityTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task DeclareForm_CanBeFilledAndSubmitted_WithTheKeyboardOnly()
    {
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync("/incidents/new");
        var title = Ui.Unique("Keyboard only: search returns nothing");

        await TabToAsync(page, "title");
        await page.Keyboard.TypeAsync(title);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("usersAffected", await FocusedIdAsync(page));
        await page.Keyboard.PressAsync("ArrowDown");   // unknown → none
        await page.Keyboard.PressAsync("ArrowDown");   // → some
        await Expect(page.Locator("#usersAffected")).ToHaveValueAsync("some");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("coreFeatureBroken", await FocusedIdAsync(page));
        await page.Keyboard.PressAsync("ArrowDown");   // unknown → yes
        await Expect(page.Locator("#coreFeatureBroken")).ToHaveValueAsync("yes");
        await TabToAsync(page, "services");
        await page.Keyboard.TypeAsync("search");
        await page.Keyboard.PressAsync("Enter");         // implicit submission from a text field

        await page.WaitForURLAsync(Ui.AnyRoomUrl());
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
        await Expect(page.Locator(".facts")).ToContainTextAsync("search");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Triage suggested");
    }

    [Fact]
    public async Task DeclareButton_CanBeReachedByTab_AndPressedWithEnter()
    {
        var page = await _server.SignInAsync("bob");
        await page.GotoAsync("/incidents/new");
        var title = Ui.Unique("Keyboard only: the submit button");
        await TabToAsync(page, "title");
        await page.Keyboard.TypeAsync(title);
        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()") != "Declare"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(Ui.AnyRoomUrl());
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
    }

    [Fact]
    public async Task EveryControl_OnTheRoomAndTheOtherPages_HasAnAccessibleName()
    {
        // A room with something in every section: a mitigation of each state, a hypothesis, a checklist, evidence.
        var page = await _server.SignInAsync("alice");
        var id = await Ui.DeclareAsync(page, Ui.Unique("Labels everywhere"), services: "api", triage: new Dictionary<string, string> { ["securityBreach"] = "yes" });
        using (var api = _server.Api())
        {
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/timeline", new { kind = "hypothesis", text = "A leaked key" })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/mitigations", new { kind = "failover", title = "Fail over to the standby", risky = true })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/mitigations", new { kind = "scale", title = "Scale out" })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/mitigations/2/start", new { })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/mitigations/2/apply", new { })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/incidents/{id}/evidence", new { kind = "text", name = "access log", text = "GET /admin 200" })).EnsureSuccessStatusCode();
        }

        await page.GotoAsync($"/incidents/{id}");
        await Expect(page.Locator("summary", new() { HasText = "Checklist: security" })).ToBeVisibleAsync();
        await Expect(page.Locator("summary", new() { HasText = "Hypotheses" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("main input, main select, main textarea").CountAsync() > 20, "The room should have its forms.");
        Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));

        // The blocked page with its override form.
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        await Expect(page.Locator(".banner.block")).ToBeVisibleAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));

        foreach (var path in new[] { "/incidents", "/incidents/new", "/account" })
        {
            await page.GotoAsync(path);
            Assert.True(await page.Locator("main input, main select, main textarea").CountAsync() > 0, path);
            Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));
        }

        var signedOut = await _server.NewPageAsync();
        await signedOut.GotoAsync("/signin");
        Assert.Empty(await signedOut.EvaluateAsync<string[]>(Unlabelled));
    }

    [Fact]
    public async Task RoomControls_EachExposeAName_ThroughPlaywrightsAccessibleNameToo()
    {
        var page = await _server.SignInAsync("bob");
        var id = await _server.DeclareAsync(Ui.Unique("Accessible names"));
        await page.GotoAsync($"/incidents/{id}");
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var controls = page.Locator("main input:not([type=hidden]), main select, main textarea");
        var count = await controls.CountAsync();
        Assert.True(count > 10, $"Only {count} controls in the room.");
        for (var i = 0; i < count; i++)
        {
            var control = controls.Nth(i);
            var name = await control.EvaluateAsync<string>("e => (e.labels && e.labels.length ? Array.from(e.labels).map(l => l.innerText.trim()).join(' ') : '') || e.getAttribute('aria-label') || ''");
            Assert.False(string.IsNullOrWhiteSpace(name), $"Control {i} ({await control.EvaluateAsync<string>("e => e.outerHTML")}) has no accessible name.");
            await Expect(control).ToHaveAccessibleNameAsync(name.Trim());
        }
    }

    private static async Task TabToAsync(IPage page, string id)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await FocusedIdAsync(page) == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached #{id}.");
    }

    private static Task<string> FocusedIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''");
}
