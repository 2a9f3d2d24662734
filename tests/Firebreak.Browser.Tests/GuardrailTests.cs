using Microsoft.Playwright;
using Firebreak.Core.Mitigations;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>A server where SEV-2 expects a stakeholder update every few seconds, so the silence nudge fires during a test.</summary>
public sealed class ShortCadenceServer : BrowserServer
{
    public ShortCadenceServer() => ConfigYaml = """
        severities:
          - name: SEV-1
          - name: SEV-2
            updateCadence: 4s
          - name: SEV-3
          - name: SEV-4
        verification:
          interval: 1s
        """;
}

/// <summary>Guardrail findings show as banners with their fix; a blocking one gives way only to an override with a reason.</summary>
public sealed class GuardrailTests : IClassFixture<ShortCadenceServer>
{
    private readonly ShortCadenceServer _server;

    public GuardrailTests(ShortCadenceServer server) => _server = server;

    [Fact]
    public async Task HotfixWithoutRollbackPlan_IsBlocked_AndStartsOnlyWithAnOverrideReason()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Coupons apply twice"), "SEV-3");
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync($"/incidents/{id}");
        await page.Locator("#m-kind").SelectOptionAsync("hotfix");
        await page.GetByLabel("What will be done").FillAsync("Deploy the coupon dedupe patch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose mitigation" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 proposed (hotfix)");

        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        var banner = page.Locator(".banner.block[role=alert]");
        await Expect(banner).ToContainTextAsync("Blocked by no-rollback-plan");
        await Expect(banner).ToContainTextAsync("Hotfix 1 has no rollback plan.");
        var reason = banner.GetByLabel("Override reason (recorded on the timeline)");

        // The blocked page is a whole page: layout, styles and script, not a bare fragment.
        await Expect(page.Locator("header.top nav")).ToBeVisibleAsync();
        await Expect(page.Locator("head link[rel=stylesheet]")).ToHaveCountAsync(1);
        await Expect(page.Locator("script[src^='/assets/app.js']")).ToHaveCountAsync(1);
        await Expect(reason).ToBeVisibleAsync();
        await Expect(page.Locator(".card", new() { HasText = "Deploy the coupon dedupe patch" }).Locator(".status")).ToHaveTextAsync("proposed");

        // Without a reason the override does not go through.
        var blockedUrl = page.Url;
        await banner.GetByRole(AriaRole.Button, new() { Name = "Go ahead anyway" }).ClickAsync();
        Assert.Equal(blockedUrl, page.Url);
        Assert.False(await reason.EvaluateAsync<bool>("e => e.checkValidity()"));
        await Expect(banner).ToBeVisibleAsync();

        // With one it does, and the override is on the timeline.
        await reason.FillAsync("The patch only adds a unique index; dropping it is the rollback");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Go ahead anyway" }).ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{id}?*");
        await Expect(page.Locator(".banner.block")).ToHaveCountAsync(0);
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Guardrail no-rollback-plan overridden: The patch only adds a unique index; dropping it is the rollback");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 started");
        await Expect(page.Locator(".card", new() { HasText = "Deploy the coupon dedupe patch" }).Locator(".status")).ToHaveTextAsync("started");
    }

    [Fact]
    public async Task OverrideWithABlankReason_IsRefusedByTheServer()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Refunds stuck"), "SEV-3");
        var page = await _server.SignInAsync("bob");
        await page.GotoAsync($"/incidents/{id}");
        await page.Locator("#m-kind").SelectOptionAsync("hotfix");
        await page.GetByLabel("What will be done").FillAsync("Patch the refund worker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose mitigation" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        var banner = page.Locator(".banner.block");
        await Expect(banner).ToContainTextAsync("Blocked by no-rollback-plan");

        // Get past the browser's own check: the server must still refuse a reason of spaces.
        await banner.Locator("input[name=override]").EvaluateAsync("e => { e.removeAttribute('required'); e.value = '   '; }");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Go ahead anyway" }).ClickAsync();
        await Expect(page.Locator(".banner.block")).ToContainTextAsync("Blocked by no-rollback-plan");
        await page.GotoAsync($"/incidents/{id}");
        await Expect(page.Locator(".card", new() { HasText = "Patch the refund worker" }).Locator(".status")).ToHaveTextAsync("proposed");
        await Expect(Ui.Timeline(page)).Not.ToContainTextAsync("overridden");
    }

    [Fact]
    public async Task Fix_IsALinkToTheFormThatDoesIt_NotACommandLine()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Card payments declined"), "SEV-2");
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync($"/incidents/{id}");
        var roles = page.Locator(".banner", new() { HasText = "[roles-required]" });

        var link = roles.Locator(".fix a.fix-action");
        await Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Assign the (commander|comms-lead|tech-lead|scribe)$"));
        await Expect(link).ToHaveAttributeAsync("href", "#role");
        await Expect(roles).Not.ToContainTextAsync("firebreak ");
        await link.ClickAsync();
        await Expect(page.Locator("#role")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task OverdueUpdate_ShowsTheSilenceBanner_TheOverdueCountdown_AndOpensTheUpdateForm()
    {
        var title = Ui.Unique("Image uploads fail");
        var id = await _server.DeclareAsync(title, "SEV-2");
        var page = await _server.SignInAsync("alice");
        await page.GotoAsync($"/incidents/{id}");
        var silence = page.Locator(".banner.warn", new() { HasText = "[silence]" });

        await Ui.ReloadUntilAsync(page, async () => await silence.CountAsync() > 0, TimeSpan.FromSeconds(20), "the silence finding");
        await Expect(silence).ToHaveAttributeAsync("role", "alert");
        await Expect(silence).ToContainTextAsync("No stakeholder update since the declaration; SEV-2 expects one every 4 seconds.");
        await Expect(silence.Locator(".fix")).ToContainTextAsync("Fix: Post an update now");
        var due = page.Locator(".facts [data-due]");
        await Expect(due).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
        await Expect(due).ToContainTextAsync("overdue by");
        await Expect(page.GetByLabel("Update", new() { Exact = true })).ToBeVisibleAsync();

        // The nudge is recorded on the timeline too, and the list marks the incident overdue.
        await Ui.ReloadUntilAsync(page, async () => (await Ui.Timeline(page).InnerTextAsync()).Contains("[silence]", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the silence nudge on the timeline");
        await page.GotoAsync("/incidents");
        await Expect(page.Locator("tbody tr", new() { HasText = title }).Locator("[data-due]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
    }
}
