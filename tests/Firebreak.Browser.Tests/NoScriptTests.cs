using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>With scripts off, every form still works: post, redirect, get.</summary>
public sealed class NoScriptTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public NoScriptTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task WithoutJavaScript_DeclareWithTriage_AndAddANote_ThroughTheForms()
    {
        var page = await _server.SignInAsync("alice", javaScript: false);
        var title = Ui.Unique("Payments webhook rejects every call");
        await page.GotoAsync("/incidents/new");
        await Expect(page.Locator("#suggestion")).ToContainTextAsync("answer the questions");
        var id = await Ui.DeclareAsync(page, title, services: "payments", triage: new Dictionary<string, string>
        {
            ["usersAffected"] = "all", ["coreFeatureBroken"] = "yes", ["workaround"] = "no", ["dataLoss"] = "no", ["securityBreach"] = "no",
        }, scripts: false);

        // The suggestion is taken on submit: SEV-1, and the answers are on the timeline.
        await Expect(page.Locator("h1")).ToContainTextAsync(title);
        await Expect(page.Locator("h1 .sev")).ToHaveTextAsync("SEV-1");
        await Expect(page.Locator("[role=status]", new() { HasText = $"Declared INC-{id}" })).ToBeVisibleAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Triage suggested SEV-1");

        // The script did not run: the countdown still shows the server's text.
        await Expect(page.Locator(".facts [data-due]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^by \\d{4}-"));

        var note = Ui.Unique("Webhook secret rotated at 09:12, right before the first failure");
        await page.GetByLabel("Entry", new() { Exact = true }).FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await page.WaitForURLAsync(Ui.AnyRoomUrl());
        Assert.Equal($"/incidents/{id}", new Uri(page.Url).AbsolutePath);
        var entry = Ui.Timeline(page).Locator("li", new() { HasText = note });
        await Expect(entry).ToBeVisibleAsync();
        await Expect(entry.Locator(".kind")).ToHaveTextAsync("note");
        await Expect(entry.Locator(".meta")).ToContainTextAsync("alice");
    }
}
