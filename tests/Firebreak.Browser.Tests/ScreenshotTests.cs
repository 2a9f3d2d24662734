using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The main pages on a phone (375 px) and a desktop; the screenshots go to docs/screenshots/ for the README.</summary>
public sealed class ScreenshotTests : IClassFixture<ShowcaseServer>
{
    private readonly ShowcaseServer _server;

    public ScreenshotTests(ShowcaseServer server) => _server = server;

    private static string Folder { get; } = Path.Combine(Ui.RepositoryRoot(), "docs", "screenshots");

    [Fact]
    public async Task Phone_ListAndRoom_FitIn375Pixels_AndAreSaved()
    {
        var page = await _server.SignInAsync("alice", width: 375, height: 812);
        await AssertActiveFirstAsync(page);
        await AssertNoHorizontalScrollAsync(page, 375);
        await SaveAsync(page, "list-phone.png", fullPage: true);

        await page.GotoAsync($"/incidents/{_server.Room}");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Rollback to 2.40 running");
        await AssertNoHorizontalScrollAsync(page, 375);
        await SaveAsync(page, "room-phone.png", fullPage: false);

        // The rest of the pages fit too.
        foreach (var path in new[] { "/incidents/new", "/account", "/incidents?when=past" })
        {
            await page.GotoAsync(path);
            await AssertNoHorizontalScrollAsync(page, 375);
        }

        // Every section of the room open, including the override form of a blocked action.
        await page.GotoAsync($"/incidents/{_server.Room}");
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await AssertNoHorizontalScrollAsync(page, 375);
    }

    [Fact]
    public async Task Desktop_ListDeclareAndRoom_AreSaved()
    {
        var page = await _server.SignInAsync("alice", width: 1280, height: 900);
        await AssertActiveFirstAsync(page);
        await SaveAsync(page, "list.png", fullPage: false);

        await page.GotoAsync("/incidents/new");
        await page.GetByLabel("What is broken? (one line)").FillAsync("Search returns no results for any query");
        await page.GetByLabel("Users affected right now").SelectOptionAsync("all");
        await page.GetByLabel("Is a core feature broken?").SelectOptionAsync("yes");
        await page.GetByLabel("Is there a workaround?").SelectOptionAsync("no");
        await page.GetByLabel("Is data being lost or corrupted?").SelectOptionAsync("no");
        await page.GetByLabel("Could it be a security breach?").SelectOptionAsync("no");
        await Expect(page.Locator("#suggestion")).ToContainTextAsync("Suggested: SEV-1");
        await AssertNoHorizontalScrollAsync(page, 1280);
        await SaveAsync(page, "declare.png", fullPage: true);

        await page.GotoAsync($"/incidents/{_server.Room}");
        await Expect(Ui.Timeline(page)).ToContainTextAsync("Rollback to 2.40 running");
        await AssertNoHorizontalScrollAsync(page, 1280);
        await SaveAsync(page, "room.png", fullPage: false);
    }

    /// <summary>Three active incidents, then the declined one.</summary>
    private static async Task AssertActiveFirstAsync(IPage page)
    {
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Last).ToContainTextAsync("Disk alert on a staging node");
        await Expect(rows.Last.Locator(".status")).ToHaveTextAsync("declined");
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            var wide = await page.EvaluateAsync<string[]>(
                $"() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > {width}).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)");
            Assert.Fail($"{page.Url} is {scrollWidth} px wide on a {width} px screen; too wide: {string.Join(", ", wide)}");
        }
    }

    private static async Task SaveAsync(IPage page, string name, bool fullPage)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} looks empty.");
    }
}

/// <summary>A server with a few incidents of different kinds, and one with a lived-in room.</summary>
public sealed class ShowcaseServer : BrowserServer
{
    public long Room { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var api = Api();
        await Post(api, "/api/v1/incidents", new { title = "Search results are stale by an hour", severity = "SEV-3", services = new[] { "search" }, impact = "Some shoppers see old prices." });
        var declined = await DeclareWithAsync(api, new { title = "Disk alert on a staging node", severity = "SEV-4", status = "triage" });
        await Post(api, $"/api/v1/incidents/{declined}/decline", new { reason = "Staging only; the alert rule is wrong." });
        await Post(api, "/api/v1/incidents", new { title = "Password reset emails are delayed", severity = "SEV-2", services = new[] { "mail" }, commander = "alice" });
        Room = await DeclareWithAsync(api, new
        {
            title = "Checkout returns 502 for most card payments",
            services = new[] { "checkout", "payments" },
            impact = "Most shoppers cannot pay by card; PayPal still works.",
            summary = "Started after the 14:02 deploy of payments-api 2.41.",
            triage = new { usersAffected = "most", coreFeatureBroken = "yes", workaround = "yes", dataLoss = "no", securityBreach = "no", recentChange = "yes", rollbackPossible = "yes" },
        });
        await Post(api, $"/api/v1/incidents/{Room}/roles", new { role = "commander", user = "alice" });
        await Post(api, $"/api/v1/incidents/{Room}/roles", new { role = "comms-lead", user = "bob" });
        await Post(api, $"/api/v1/incidents/{Room}/timeline", new { kind = "symptom", text = "502 rate on /pay is 38%, from 0.1% before 14:02." });
        await Post(api, $"/api/v1/incidents/{Room}/timeline", new { kind = "hypothesis", text = "payments-api 2.41 changed the card gateway timeout." });
        await Post(api, $"/api/v1/incidents/{Room}/mitigations", new
        {
            kind = "rollback", title = "Roll payments-api back to 2.40", owner = "bob", expectedEffect = "502s stop within 5 minutes",
            checklist = new { noIrreversibleMigration = true, noIrreversibleSideEffects = true, knownGoodTarget = "payments-api 2.40" },
        });
        await Post(api, $"/api/v1/incidents/{Room}/mitigations/1/start", new { });
        await Post(api, $"/api/v1/incidents/{Room}/updates", new { audience = "public", status = "identified", text = "Card payments are failing for most customers. We have found the cause and are rolling back." });
        await Post(api, $"/api/v1/incidents/{Room}/timeline", new { kind = "action", text = "Rollback to 2.40 running on 3 of 12 pods." });
    }

    private static async Task<long> DeclareWithAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/v1/incidents", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task Post(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
