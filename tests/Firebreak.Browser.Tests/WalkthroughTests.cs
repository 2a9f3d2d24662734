using Microsoft.Playwright;
using Firebreak.Core.Mitigations;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>A SEV-1 from sign-in to a verified resolve, the way a responder clicks through it.</summary>
public sealed class WalkthroughTests : IClassFixture<VerifyingServer>
{
    private readonly VerifyingServer _server;

    public WalkthroughTests(VerifyingServer server) => _server = server;

    [Fact]
    public async Task Sev1_DeclareWithTriage_Command_Update_Mitigate_ResolveWithVerification()
    {
        var page = await _server.SignInAsync("alice");
        var title = Ui.Unique("Checkout returns 502");

        // Declare: the suggestion follows the answers while they are given, without a submit.
        await page.GotoAsync("/incidents/new");
        var declareUrl = page.Url;
        var suggestion = page.Locator("#suggestion");
        await page.GetByLabel("What is broken? (one line)").FillAsync(title);
        await page.GetByLabel("Is data being lost or corrupted?").SelectOptionAsync("no");
        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("no");
        await page.GetByLabel("Users affected right now").SelectOptionAsync("some");
        await page.GetByLabel("Is a core feature broken?").SelectOptionAsync("no");
        await page.GetByLabel("Is there a workaround?").SelectOptionAsync("yes");
        await Expect(suggestion).ToContainTextAsync("Suggested: SEV-3");
        await page.GetByLabel("Users affected right now").SelectOptionAsync("most");
        await page.GetByLabel("Is a core feature broken?").SelectOptionAsync("yes");
        await page.GetByLabel("Is there a workaround?").SelectOptionAsync("no");
        await Expect(suggestion).ToContainTextAsync("Suggested: SEV-1");
        await Expect(suggestion).ToContainTextAsync("Most or all users cannot use a core feature");
        Assert.Equal(declareUrl, page.Url);
        await page.GetByLabel("Affected services (comma-separated)").FillAsync("checkout");
        await page.GetByLabel("Impact: who is affected, what they cannot do, how many").FillAsync("Most shoppers cannot pay.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Ui.AnyRoomUrl());

        var heading = page.Locator("h1");
        await Expect(heading).ToContainTextAsync(title);
        await Expect(heading.Locator(".sev")).ToHaveTextAsync("SEV-1");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Triage suggested SEV-1");

        // Assign a commander.
        await page.Locator("#role").SelectOptionAsync("commander");
        await page.Locator("#role-user").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign or hand off" }).ClickAsync();
        await Expect(page.Locator(".facts > div", new() { HasText = "Commander" })).ToContainTextAsync("bob");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("bob is commander");

        // Post an update from the draft the page prefilled.
        await page.GetByText("Post an update", new() { Exact = true }).ClickAsync();
        var draft = await page.GetByLabel("Update", new() { Exact = true }).InputValueAsync();
        Assert.Contains(title, draft, StringComparison.Ordinal);
        Assert.Contains("Most shoppers cannot pay.", draft, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Internal update: " + draft[..40]);

        // A mitigation: propose, start, apply, verify.
        await page.Locator("#m-kind").SelectOptionAsync("feature-flag");
        await page.GetByLabel("What will be done").FillAsync("Turn off the new payment flow");
        await page.GetByLabel("Expected effect").FillAsync("502s stop within a minute");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose mitigation" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 proposed (feature-flag): Turn off the new payment flow");
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 started");
        await page.GetByRole(AriaRole.Button, new() { Name = "apply mitigation 1" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 applied");
        await page.GetByLabel("How you know it worked").FillAsync("Error rate back to baseline");
        await page.GetByRole(AriaRole.Button, new() { Name = "verify mitigation 1" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 verified: Error rate back to baseline");

        // Resolve: the health checks must stay green through the monitoring window first.
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve (verified)" }).ClickAsync();
        var verifying = page.Locator(".banner", new() { HasText = "Verifying the fix" });
        await Expect(verifying).ToContainTextAsync("checkout must stay healthy");
        await Expect(page.Locator("main > p .status").First).ToHaveTextAsync("monitoring");

        var status = page.Locator("main > p .status").First;
        await Ui.ReloadUntilAsync(page, async () => await status.InnerTextAsync() == "resolved", TimeSpan.FromSeconds(30), "the verification to resolve the incident");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Verification passed: checkout stayed healthy through the monitoring window");
        await Expect(verifying).ToHaveCountAsync(0);
        Assert.True(_server.HealthChecks > 0, "The health check was never asked.");

        // The list shows it resolved, under past incidents too.
        await page.GotoAsync("/incidents?when=past");
        var row = page.Locator("tbody tr", new() { HasText = title });
        await Expect(row.Locator(".status")).ToHaveTextAsync("resolved");
    }
}
