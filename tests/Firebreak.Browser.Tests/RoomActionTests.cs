using System.Text;
using Microsoft.Playwright;
using Firebreak.Core.Mitigations;
using Firebreak.Core.Investigation;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The incident room's other forms: evidence, handoff, hypotheses, approvals, checklists, status, severity and decline.</summary>
public sealed class RoomActionTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public RoomActionTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task Evidence_TextAndFile_AreAttachedListedAndDownloaded()
    {
        var page = await _server.SignInAsync("alice");
        var id = await _server.DeclareAsync(Ui.Unique("Evidence: pool exhausted"));
        await page.GotoAsync($"/incidents/{id}");

        await page.Locator("summary", new() { HasText = "Evidence (0)" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("pool stats");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("max=50 in_use=50 waiting=312");
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach evidence" }).ClickAsync();
        await Expect(page.Locator(".banner.ok")).ToHaveTextAsync("Evidence attached.");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Evidence #1 attached (text): pool stats");

        await page.Locator("summary", new() { HasText = "Evidence (1)" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("db.log");
        await page.GetByLabel("or a file").SetInputFilesAsync(new FilePayload { Name = "db.log", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("FATAL: too many connections\n") });
        await page.GetByLabel("It shows the fix works (verification)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach evidence" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Verification evidence #2 attached (file): db.log");

        await page.Locator("summary", new() { HasText = "Evidence (2)" }).ClickAsync();
        var text = await page.APIRequest.GetAsync((await page.GetByRole(AriaRole.Link, new() { Name = "pool stats" }).GetAttributeAsync("href"))!);
        Assert.Equal("max=50 in_use=50 waiting=312", await text.TextAsync());
        var file = await page.APIRequest.GetAsync((await page.GetByRole(AriaRole.Link, new() { Name = "db.log" }).GetAttributeAsync("href"))!);
        Assert.Equal("FATAL: too many connections\n", await file.TextAsync());
        Assert.Equal("nosniff", file.Headers["x-content-type-options"]);
        var listed = page.Locator("ul.evidence li", new() { HasText = "db.log" });
        await Expect(listed).ToContainTextAsync("db.log · file, 28 bytes");
        await Expect(listed).ToContainTextAsync("verification");
        Assert.DoesNotContain("db.logfile", await listed.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommanderHandoff_HypothesisConfirmed_RiskyMitigationApproved_StatusAndSeverityChanged()
    {
        var page = await _server.SignInAsync("alice");
        var id = await _server.DeclareAsync(Ui.Unique("Room actions: queue backlog"));
        await page.GotoAsync($"/incidents/{id}");

        // Handoff: bob, then alice takes over.
        await AssignAsync(page, "commander", "bob");
        await page.Locator("summary", new() { HasText = "Roles and people" }).ClickAsync();
        await AssignAsync(page, "commander", "alice");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("commander handed off from bob to alice");
        await Expect(page.Locator(".facts > div", new() { HasText = "Commander" })).ToContainTextAsync("alice");

        // A hypothesis entry, then confirmed.
        await page.Locator("#entry-kind").SelectOptionAsync("hypothesis");
        await page.GetByLabel("Entry", new() { Exact = true }).FillAsync("The consumer deploy halved the worker count.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        var entry = await Ui.Timeline(page).Locator("li", new() { HasText = "halved the worker count" }).GetAttributeAsync("data-version");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mark hypothesis {entry} confirmed" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync($"Hypothesis #{entry} confirmed");

        // A risky mitigation cannot start before the commander approves; there is no override for that.
        await page.Locator("#m-kind").SelectOptionAsync("scale");
        await page.GetByLabel("What will be done").FillAsync("Double the consumers");
        await page.GetByLabel("Risky: the commander must approve it before it starts").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose mitigation" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        await Expect(page.Locator(".banner.block")).ToContainTextAsync("Blocked by risky-action");
        await Expect(page.Locator(".banner.block input[name=override]")).ToHaveCountAsync(0);
        await page.GotoAsync($"/incidents/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "approve mitigation 1" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 approved by the commander");
        await page.GetByRole(AriaRole.Button, new() { Name = "start mitigation 1" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Mitigation 1 started");

        // Status and severity.
        await page.GetByLabel("Move to").SelectOptionAsync("identified");
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Worker count confirmed as the cause");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Expect(page.Locator("main > p .status").First).ToHaveTextAsync("identified");
        await page.GetByLabel("Severity", new() { Exact = true }).SelectOptionAsync("SEV-1");
        await page.GetByLabel("Why", new() { Exact = true }).FillAsync("Orders are now failing too");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change severity" }).ClickAsync();
        await Expect(page.Locator("h1 .sev")).ToHaveTextAsync("SEV-1");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Severity SEV-2 → SEV-1: Orders are now failing too");
    }

    [Fact]
    public async Task SecurityTriage_AddsAChecklist_ThatCanBeTicked_AndATriageReportCanBeDeclined()
    {
        var page = await _server.SignInAsync("bob");
        await Ui.DeclareAsync(page, Ui.Unique("Odd admin logins"), triage: new Dictionary<string, string> { ["securityBreach"] = "yes" });
        var checklist = page.Locator("details", new() { Has = page.Locator("summary", new() { HasText = "Checklist: security" }) });
        await checklist.GetByRole(AriaRole.Button, new() { Name = "Mark item 1 done" }).ClickAsync();
        await Expect(checklist.Locator("li").First).ToContainTextAsync("✔ done:");
        await Expect(checklist.GetByRole(AriaRole.Button, new() { Name = "Mark item 1 done" })).ToHaveCountAsync(0);

        await page.GotoAsync("/incidents/new");
        await page.GetByLabel("What is broken? (one line)").FillAsync(Ui.Unique("Maybe: a flaky synthetic check"));
        await page.GetByLabel("Not confirmed yet: start in triage").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Ui.AnyRoomUrl());
        await Expect(page.Locator("main > p .status").First).ToHaveTextAsync("triage");
        await page.GetByLabel("Why this is not an incident").FillAsync("The check hits a retired endpoint");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Expect(page.Locator("main > p .status").First).ToHaveTextAsync("declined");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Declined: The check hits a retired endpoint");
    }

    private static async Task AssignAsync(IPage page, string role, string user)
    {
        await page.Locator("#role").SelectOptionAsync(role);
        await page.Locator("#role-user").FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign or hand off" }).ClickAsync();
        await Expect(Ui.Timeline(page)).ToContainTextAsync(user);
    }
}
