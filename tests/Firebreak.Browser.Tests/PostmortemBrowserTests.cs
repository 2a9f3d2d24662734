using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>
/// Writing a postmortem in the browser: open it from the room, see the blame flag with its
/// suggestion and reword it, add a vague then a concrete action item, send to review, publish;
/// every text stays inert, and the page works on a phone.
/// </summary>
public sealed class PostmortemBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private async Task<long> ResolvedAsync(string title)
    {
        using var api = server.Api();
        var declared = await api.PostAsJsonAsync("/api/v1/incidents", new { title, severity = "SEV-3", services = new[] { "checkout" }, impact = "Some card payments failed for 20 minutes." });
        declared.EnsureSuccessStatusCode();
        var id = (await declared.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var resolved = await api.PostAsJsonAsync($"/api/v1/incidents/{id}/status", new { status = "resolved", @override = "Checked the error rate by hand" });
        resolved.EnsureSuccessStatusCode();
        return id;
    }

    private static ILocator Section(IPage page, string id) => page.Locator($"#section-{id}");

    private static async Task SaveSectionAsync(IPage page, string id, string title, string text)
    {
        await Section(page, id).GetByLabel($"{title} (Markdown)").FillAsync(text);
        await Section(page, id).GetByRole(AriaRole.Button, new() { Name = $"Save {title.ToLowerInvariant()}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Saved {title}.");
    }

    [Fact]
    public async Task WriteAPostmortem_SeeTheBlameFlagAndItsSuggestion_AddActionItems_AndPublish()
    {
        var id = await ResolvedAsync(Ui.Unique("Checkout <b>502s</b>"));
        var page = await server.SignInAsync("alice");
        await page.GotoAsync($"/incidents/{id}");
        await page.Locator("#postmortem-link").ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("has no postmortem yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the postmortem" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The postmortem is open, with a first draft from the timeline.");
        await Expect(Section(page, "impact").Locator(".preview")).ToHaveTextAsync("Some card payments failed for 20 minutes.");
        await Expect(page.Locator("h1")).ToContainTextAsync("Checkout <b>502s</b>");   // shown as text, not markup
        await Expect(page.Locator("#problems")).ToContainTextAsync("'Root cause' is empty");

        await SaveSectionAsync(page, "root-cause", "Root cause", "bob broke the deploy. <img src=x onerror=\"document.title='pwned'\">");
        await Expect(Section(page, "root-cause").Locator(".finding")).ToContainTextAsync("\"bob broke\"");
        await Expect(page.Locator("#findings")).ToContainTextAsync("Try:");
        await Expect(page.Locator("#problems")).ToContainTextAsync("Blaming language in 'Root cause'");
        Assert.NotEqual("pwned", await page.TitleAsync());
        await Expect(Section(page, "root-cause").Locator(".preview img")).ToHaveCountAsync(0);

        await SaveSectionAsync(page, "root-cause", "Root cause", "The deploy pipeline did not stop a build whose retry loop had no backoff.");
        await Expect(page.Locator("#findings")).ToHaveCountAsync(0);
        await SaveSectionAsync(page, "what-went-well", "What went well", "The rollback took four minutes.");
        await SaveSectionAsync(page, "what-went-poorly", "What went poorly", "Nobody saw the alert for twelve minutes.");

        await page.GetByLabel("What will be done (specific and checkable)").FillAsync("Be more careful");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added ACT-");
        var vague = page.Locator("#actions tbody tr").Filter(new() { HasText = "Be more careful" });
        await Expect(vague.Locator(".finding").First).ToBeVisibleAsync();
        await vague.GetByRole(AriaRole.Button).ClickAsync();   // done: a closed item holds nothing back

        await page.GetByLabel("What will be done (specific and checkable)").FillAsync("Add exponential backoff with a 30 s cap to the gateway retry loop");
        await page.GetByLabel("Owner (username)").FillAsync("alice");
        await page.GetByLabel("Due").FillAsync("2027-01-15");
        await page.GetByLabel("Type").SelectOptionAsync("prevent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        var concrete = page.Locator("#actions tbody tr").Filter(new() { HasText = "exponential backoff" });
        await Expect(concrete.Locator(".finding")).ToHaveCountAsync(0);
        await Expect(concrete).ToContainTextAsync("2027-01-15");

        await page.GetByLabel("Reviewers (usernames, comma-separated)").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to review" }).ClickAsync();
        await Expect(page.Locator("#pm-status")).ToHaveTextAsync("in review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Published.");
        await Expect(page.Locator("#pm-status")).ToHaveTextAsync("published");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save summary" })).ToHaveCountAsync(0);

        // Tagging the cause classifies it and is still open once published.
        await page.GetByLabel("Tags (comma or space between them)").FillAsync("Retry-Storm, no-backoff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the tags" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved the root-cause tags.");
        await Expect(page.Locator("#cause-tags")).ToHaveTextAsync("retry-storm, no-backoff");
        var shot = Path.Combine(Ui.RepositoryRoot(), "docs", "screenshots", "postmortem.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000, "the postmortem screenshot was saved");

        // The postmortems list shows it published, and the actions list the open item as alice's.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Postmortems" }).ClickAsync();
        await Expect(page.Locator("#postmortem-list tbody tr").Filter(new() { HasText = $"INC-{id}" })).ToContainTextAsync("published");
        await page.GotoAsync("/actions?owner=me");
        await Expect(page.Locator("#action-list tbody tr")).ToContainTextAsync("exponential backoff");
    }

    [Fact]
    public async Task PublishingTooEarly_SaysWhatIsMissing_AndTheTimelineCanBeCurated()
    {
        var id = await ResolvedAsync(Ui.Unique("Search slow"));
        var page = await server.SignInAsync("bob");
        await page.GotoAsync($"/incidents/{id}/postmortem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the postmortem" }).ClickAsync();
        await page.GetByLabel("Reviewers (usernames, comma-separated)").FillAsync("alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to review" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot be published yet");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'Root cause' is empty");
        await Expect(page.Locator("#pm-status")).ToHaveTextAsync("in review");

        var declared = page.Locator("#pm-timeline tbody tr").Filter(new() { HasText = "Declared SEV-3" });
        await declared.GetByRole(AriaRole.Button, new() { Name = "Leave out" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Left out of the timeline.");
        await Expect(page.Locator("#pm-timeline tbody tr").Filter(new() { HasText = "Declared SEV-3" }).GetByRole(AriaRole.Button, new() { Name = "Take in" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task OnAPhone_ThePostmortemFitsIn375Pixels()
    {
        var id = await ResolvedAsync(Ui.Unique("Phone postmortem"));
        using (var api = server.Api())
        {
            (await api.PostAsync($"/api/v1/incidents/{id}/postmortem", null)).EnsureSuccessStatusCode();
        }

        var page = await server.SignInAsync("alice", width: 375, height: 812);
        await page.GotoAsync($"/incidents/{id}/postmortem");
        await Expect(page.Locator("h1")).ToContainTextAsync("Postmortem");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 375, $"the postmortem page is {width} px wide on a 375 px screen");
    }
}
