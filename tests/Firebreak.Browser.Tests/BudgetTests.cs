using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Storage.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>Weight budgets of the incident room (bytes, not time): small before the timeline, and a window of a long timeline.</summary>
public sealed class BudgetTests : IClassFixture<BrowserServer>
{
    private const int Budget = 100 * 1024;

    private readonly BrowserServer _server;
    private readonly ITestOutputHelper _output;

    public BudgetTests(BrowserServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [Fact]
    public async Task Room_HtmlCssAndScript_WeighUnder100KB_WithAShortTimeline()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Budget: short timeline"), "SEV-1", "checkout");
        await _server.AddEntryAsync(id, "Error rate 12% on checkout.", "symptom");
        await _server.AddEntryAsync(id, "The 10:04 deploy changed the connection pool.", "hypothesis");
        var page = await _server.SignInAsync("alice");

        var response = await page.GotoAsync($"/incidents/{id}");
        var html = (await response!.BodyAsync()).Length;
        var css = await page.Locator("link[rel=stylesheet]").GetAttributeAsync("href");
        var js = await page.Locator("script[src]").GetAttributeAsync("src");
        Assert.Equal(1, await page.Locator("link[rel=stylesheet]").CountAsync());
        Assert.Equal(1, await page.Locator("script[src]").CountAsync());
        var cssResponse = await page.APIRequest.GetAsync(css!);
        var jsResponse = await page.APIRequest.GetAsync(js!);
        var total = html + (await cssResponse.BodyAsync()).Length + (await jsResponse.BodyAsync()).Length;
        _output.WriteLine($"Room with a short timeline: {total} bytes (HTML {html}).");
        Assert.True(total < Budget, $"The room weighs {total} bytes (HTML {html}); the budget is {Budget}.");

        // The assets are cached for good, so later rooms cost only their HTML.
        Assert.Contains("immutable", cssResponse.Headers["cache-control"], StringComparison.Ordinal);
        Assert.Contains("immutable", jsResponse.Headers["cache-control"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Room_WithTenThousandEntries_RendersOnlyAWindow_AndPagesBack()
    {
        var id = await _server.DeclareAsync(Ui.Unique("Budget: ten thousand entries"));
        var store = _server.Services.GetRequiredService<IIncidentStore>();
        for (var batch = 0; batch < 10; batch++)
        {
            var first = batch * 1000;
            IReadOnlyList<IIncidentEvent> events = [.. Enumerable.Range(first + 1, 1000).Select(n => new TimelineEntryAdded(EntryKind.Note, $"Seeded entry {n:D5}: checked the pool again, still saturated."))];
            var appended = await store.AppendAsync(id, null, _ => Result<IReadOnlyList<IIncidentEvent>>.Ok(events), "admin", DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.True(appended.IsSuccess, appended.Error?.Message);
        }

        using (var api = _server.Api())
        {
            var incident = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
            Assert.True(incident.GetProperty("version").GetInt64() > 10_000);
        }

        var page = await _server.SignInAsync("alice");
        var response = await page.GotoAsync($"/incidents/{id}");
        var html = (await response!.BodyAsync()).Length;
        _output.WriteLine($"Room with 10,000 entries: {html} bytes of HTML.");
        Assert.True(html < 1024 * 1024, $"The room's HTML is {html} bytes for 10,000 entries: it should render a window, not all of them.");
        var shown = await Ui.Timeline(page).Locator("li").CountAsync();
        Assert.InRange(shown, 20, 1000);

        // The latest entries are shown, the oldest are a link away.
        await Expect(Ui.Timeline(page).Locator("li").Last).ToContainTextAsync("Seeded entry 10000:");
        await Expect(Ui.Timeline(page)).Not.ToContainTextAsync("Seeded entry 00001:");
        var earlier = page.GetByRole(AriaRole.Link, new() { Name = "Show earlier entries" });
        await Expect(earlier).ToBeVisibleAsync();
        await Expect(Ui.Timeline(page)).ToHaveAttributeAsync("data-live", $"/incidents/{id}/live");

        await earlier.ClickAsync();
        await Expect(Ui.Timeline(page).Locator("li")).ToHaveCountAsync(shown);
        await Expect(Ui.Timeline(page)).Not.ToContainTextAsync("Seeded entry 10000:");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Show later entries" })).ToBeVisibleAsync();

        // An earlier window does not stream the rest of the timeline into itself.
        await Expect(Ui.Timeline(page)).Not.ToHaveAttributeAsync("data-live", new System.Text.RegularExpressions.Regex(".+"));

        // Paging back far enough reaches the declaration.
        await page.GotoAsync($"/incidents/{id}?from=0");
        await Expect(Ui.Timeline(page).Locator("li").First).ToContainTextAsync("Declared SEV-2");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Show earlier entries" })).ToHaveCountAsync(0);
    }
}
