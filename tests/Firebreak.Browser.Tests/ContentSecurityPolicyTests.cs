using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>
/// The pages hold up under the Content-Security-Policy the server sends: walking through every main
/// page and form (the live timeline and the live triage included), Chromium refuses nothing.
/// </summary>
public sealed class ContentSecurityPolicyTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public ContentSecurityPolicyTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task MainPagesAndForms_CauseNoContentSecurityPolicyViolation()
    {
        var admin = $"admin-{Guid.NewGuid().ToString("N")[..6]}";
        using (var api = _server.Api())
        {
            (await api.PostAsJsonAsync("/api/v1/users", new { username = admin, role = "admin", password = BrowserServer.Password })).EnsureSuccessStatusCode();
        }

        var page = await _server.NewPageAsync();
        var violations = await ViolationsAsync(page);

        var document = await page.GotoAsync("/signin");
        Assert.Contains("script-src 'self'", (await document!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await BrowserServer.SignInOnAsync(page, "alice", BrowserServer.Password);
        await page.WaitForURLAsync("**/incidents");
        await page.GotoAsync("/incidents?when=all");
        await page.GotoAsync("/no-such-page");
        await page.GotoAsync("/account");

        // The declare page's live triage (a fetch), then the room with its live timeline (EventSource).
        var id = await Ui.DeclareAsync(page, Ui.Unique("CSP walk: checkout errors"), services: "checkout", triage: new Dictionary<string, string>
        {
            ["usersAffected"] = "all", ["coreFeatureBroken"] = "yes",
        });
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await page.GetByLabel("Entry", new() { Exact = true }).FillAsync("Error rate 4% since 10:02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Error rate 4% since 10:02");
        await _server.AddEntryAsync(id, "Added through the API while the room is open");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Added through the API while the room is open");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await BrowserServer.SignInOnAsync(page, admin, BrowserServer.Password);
        await page.WaitForURLAsync("**/incidents");
        await page.GotoAsync("/admin/users");
        await page.GotoAsync($"/incidents/{id}");

        var viewer = await _server.SignInAsync("vic");
        var viewerViolations = await ViolationsAsync(viewer);
        await viewer.GotoAsync("/admin/users");
        await viewer.GotoAsync($"/incidents/{id}");

        Assert.Empty(violations);
        Assert.Empty(viewerViolations);

        // The watch works: a style attribute added to the page is refused and seen.
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">inline</p>')");
        await Expect(page.Locator("p", new() { HasText = "inline" })).ToBeAttachedAsync();
        for (var i = 0; i < 100 && violations.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(violations, v => v.Contains("style", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every refusal the page reports: Chromium's console message, and the securitypolicyviolation event.</summary>
    private static async Task<List<string>> ViolationsAsync(IPage page)
    {
        var seen = new List<string>();
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' on ' + location.pathname));");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal)))
            {
                lock (seen)
                {
                    seen.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        return seen;
    }
}
