using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.StatusPage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>
/// The status page's admin screen (/admin/status) driven in Chromium, and what the public /status page
/// shows afterwards: a component set by hand and put back, maintenance scheduled and started through the
/// forms (a hostile title stays text), and the public sign-up form, with and without JavaScript.
/// </summary>
public sealed class StatusAdminBrowserTests(StatusAdminServer server) : IClassFixture<StatusAdminServer>
{
    [Fact]
    public async Task SettingAComponentByHand_ShowsOnThePublicPage_AndAutomaticPutsItBack()
    {
        var admin = await server.SignInAsync(StatusAdminServer.Admin);
        await admin.GotoAsync("/admin/status");
        var row = StatusPages.ComponentRow(admin, "Login");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("operational");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("no");

        var reason = Ui.Unique("Sign-in provider is down");
        await row.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("major_outage");
        await row.GetByLabel("Why", new() { Exact = true }).FillAsync(reason);
        await row.GetByRole(AriaRole.Button, new() { Name = "Set", Exact = true }).ClickAsync();

        await admin.WaitForURLAsync("**/admin/status?**");
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Login is set to major outage by hand.");
        row = StatusPages.ComponentRow(admin, "Login");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("major outage");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync($"major outage by {StatusAdminServer.Admin}: {reason}");
        await Expect(row.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("major_outage");

        // A visitor, not signed in, sees it at once: the form rebuilt the snapshot before it answered.
        var visitor = await server.NewPageAsync();
        var response = await visitor.GotoAsync("/status");
        Assert.Equal(200, response!.Status);
        var login = StatusPages.PublicStatus(visitor, "Login");
        await Expect(login).ToHaveTextAsync("Major outage");
        await Expect(login).ToHaveClassAsync("major-outage");
        await Expect(visitor.Locator(".overall")).ToHaveTextAsync("Major System Outage");
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync(reason);   // the reason is for the audit log, not the public

        // Back to automatic: the option is offered only while a status set by hand stands.
        await admin.GotoAsync("/admin/status");
        row = StatusPages.ComponentRow(admin, "Login");
        await row.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("automatic");
        await row.GetByLabel("Why", new() { Exact = true }).FillAsync("The provider answers again.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Set", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Login follows its incidents and maintenance again.");
        row = StatusPages.ComponentRow(admin, "Login");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("no");
        await Expect(row.Locator("option[value=automatic]")).ToHaveCountAsync(0);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("operational");
        await Expect(row.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("operational");

        await visitor.ReloadAsync();
        await Expect(login).ToHaveTextAsync("Operational");
        await Expect(login).ToHaveClassAsync("operational");
    }

    [Fact]
    public async Task MaintenanceScheduledThroughTheForm_WithAHostileTitle_StartsAndShowsOnThePublicPage()
    {
        var title = Ui.Unique("<img src=x onerror=alert(1)> Checkout database failover");
        var admin = await server.SignInAsync(StatusAdminServer.Admin);
        var adminDialogs = new DialogRecorder(admin);
        await admin.GotoAsync("/admin/status");

        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var starts = now.AddHours(3);
        var ends = now.AddHours(4);
        var form = admin.Locator("form[action='/ui/maintenances']");
        await form.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await form.GetByLabel("What users are told").FillAsync("Card payments pause for up to five minutes.");
        await form.Locator("input[name=components][value=Checkout]").CheckAsync();
        await form.GetByLabel("Starts (UTC)").FillAsync(starts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.GetByLabel("Ends (UTC)").FillAsync(ends.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled MNT-");
        var row = admin.Locator("#maintenances tbody tr").Filter(new() { HasText = title });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Scheduled");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Checkout");
        await Expect(row.Locator("td").Nth(0).Locator(".muted")).ToHaveTextAsync($"{starts.UtcDateTime:yyyy-MM-dd HH:mm} – {ends.UtcDateTime:yyyy-MM-dd HH:mm}");
        await Expect(admin.Locator("main img")).ToHaveCountAsync(0);

        // The visitor sees it scheduled before it starts: Checkout is still operational.
        var visitor = await server.NewPageAsync();
        var visitorDialogs = new DialogRecorder(visitor);
        await visitor.GotoAsync("/status");
        var upcoming = visitor.Locator("section[aria-labelledby=maintenance-upcoming-h] article").Filter(new() { HasText = title });
        await Expect(upcoming.Locator("h3")).ToHaveTextAsync(title);

        await row.GetByRole(AriaRole.Button, new() { Name = "In progress", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^MNT-\d+ is in progress\.$"));
        row = admin.Locator("#maintenances tbody tr").Filter(new() { HasText = title });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("In progress");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "In progress", Exact = true })).ToHaveCountAsync(0);
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Completed", Exact = true })).ToHaveCountAsync(1);

        var checkout = StatusPages.PublicStatus(visitor, "Checkout");
        await StatusPages.ReloadUntilAsync(visitor, checkout, "Under maintenance");
        await Expect(checkout).ToHaveClassAsync("under-maintenance");
        await Expect(visitor.Locator("#maintenance-active-h")).ToHaveTextAsync("Maintenance in progress");
        var active = visitor.Locator("section[aria-labelledby=maintenance-active-h] article").Filter(new() { HasText = title });
        await Expect(active.Locator("h3")).ToHaveTextAsync(title);
        await Expect(active).ToContainTextAsync("affects Checkout");
        await Expect(active).ToContainTextAsync("Card payments pause for up to five minutes.");
        await Expect(visitor.Locator("section[aria-labelledby=maintenance-upcoming-h] article").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await Expect(visitor.Locator("img")).ToHaveCountAsync(0);

        Assert.Empty(adminDialogs.Messages);
        Assert.Empty(visitorDialogs.Messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SubscribeForm_OnThePublicPage_AsksToCheckTheInbox_WithOrWithoutScript(bool javaScript)
    {
        var address = $"reader-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var visitor = await server.NewPageAsync(javaScript);
        await visitor.GotoAsync("/status");
        await Expect(visitor.Locator("#subscribe-h")).ToHaveTextAsync("Get updates by email");
        await visitor.GetByLabel("Email address").FillAsync(address);
        await visitor.GetByLabel("Search", new() { Exact = true }).CheckAsync();

        var response = await visitor.RunAndWaitForResponseAsync(
            () => visitor.GetByRole(AriaRole.Button, new() { Name = "Subscribe", Exact = true }).ClickAsync(),
            r => r.Url.EndsWith("/status/subscribe", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, response.Status);
        await Expect(visitor.Locator("main h2")).ToHaveTextAsync("Check your inbox");
        await Expect(visitor.Locator("main")).ToContainTextAsync("a message with a confirmation link is on its way");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Back to the status page" })).ToHaveAttributeAsync("href", "/status");

        // The admin sees the sign-up, waiting for its confirmation, for the one component ticked.
        var admin = await server.SignInAsync(StatusAdminServer.Admin);
        await admin.GotoAsync("/admin/status");
        var row = admin.Locator("#subscribers tbody tr").Filter(new() { HasText = address });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("email");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("Search");
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("not yet");

        // And the public page never lists it.
        await visitor.GotoAsync("/status");
        await Expect(visitor.Locator("body")).Not.ToContainTextAsync(address);
    }
}

/// <summary>
/// The status page with an active incident, maintenance in progress and scheduled, a past incident and a
/// subscriber: fits a phone, every control named, and the screenshots for the README.
/// </summary>
public sealed class StatusScreenshotTests(StatusShowcaseServer server) : IClassFixture<StatusShowcaseServer>
{
    private const string Unlabelled = """
        () => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]'))
          .filter(e => {
            if (e.matches('button, a')) return !(e.textContent.trim() || e.getAttribute('aria-label'));
            return !(e.labels && e.labels.length > 0 && Array.from(e.labels).some(l => l.textContent.trim()))
                && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
          })
          .map(e => `${e.tagName.toLowerCase()}#${e.id} ${e.getAttribute('name') || ''}`)
        """;

    private static string Folder { get; } = Path.Combine(Ui.RepositoryRoot(), "docs", "screenshots");

    [Fact]
    public async Task Desktop_PublicPage_ShowsIncidentMaintenanceAndBars_AndIsSaved()
    {
        var page = await server.NewPageAsync(javaScript: true, width: 1280, height: 900);
        await page.GotoAsync("/status");
        await AssertShowcaseAsync(page);
        await StatusPages.AssertNoHorizontalScrollAsync(page, 1280);
        Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));
        await SaveAsync(page, "status.png", fullPage: true);
    }

    [Fact]
    public async Task Phone_PublicPage_FitsIn375Pixels_WithAndWithoutScript_AndIsSaved()
    {
        foreach (var javaScript in new[] { false, true })
        {
            var page = await server.NewPageAsync(javaScript, 375, 812);
            await page.GotoAsync("/status");
            await AssertShowcaseAsync(page);
            await StatusPages.AssertNoHorizontalScrollAsync(page, 375);
            // The bars shrink to the screen rather than push it wider.
            var barsRight = await page.EvaluateAsync<double>("() => Math.max(...Array.from(document.querySelectorAll('.bars')).map(b => b.getBoundingClientRect().right))");
            Assert.True(barsRight <= 375, $"the uptime bars reach {barsRight} px on a 375 px screen");
            if (javaScript)
            {
                await SaveAsync(page, "status-phone.png", fullPage: false);
            }
        }
    }

    [Fact]
    public async Task Phone_AdminPage_FitsIn375Pixels()
    {
        var page = await server.SignInAsync(StatusShowcaseServer.Admin, width: 375, height: 812);
        await page.GotoAsync("/admin/status");
        await Expect(page.Locator("#components tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#maintenances tbody tr")).ToHaveCountAsync(2);
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await StatusPages.AssertNoHorizontalScrollAsync(page, 375);
    }

    [Fact]
    public async Task Desktop_AdminPage_ListsComponentsMaintenanceAndSubscribers_AndIsSaved()
    {
        var page = await server.SignInAsync(StatusShowcaseServer.Admin, width: 1280, height: 900);
        await page.GotoAsync("/admin/status");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Status page");
        await Expect(StatusPages.ComponentRow(page, "Checkout").Locator("td").Nth(1)).ToHaveTextAsync("partial outage");
        await Expect(StatusPages.ComponentRow(page, "Search").Locator("td").Nth(1)).ToHaveTextAsync("under maintenance");
        await Expect(StatusPages.ComponentRow(page, "API").Locator("td").Nth(1)).ToHaveTextAsync("partial outage");
        await Expect(StatusPages.ComponentRow(page, "Login").Locator("td").Nth(1)).ToHaveTextAsync("operational");
        await Expect(page.Locator("#maintenances tbody tr").Filter(new() { HasText = "Search index rebuild" }).Locator("td").Nth(1)).ToHaveTextAsync("In progress");
        await Expect(page.Locator("#maintenances tbody tr").Filter(new() { HasText = "Database upgrade" }).Locator("td").Nth(1)).ToHaveTextAsync("Scheduled");
        await Expect(page.Locator("#subscribers tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#subscribers-heading ~ p").First).ToContainTextAsync("0 confirmed, 1 waiting for their confirmation.");
        Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));
        await StatusPages.AssertNoHorizontalScrollAsync(page, 1280);
        await SaveAsync(page, "status-admin.png", fullPage: true);
    }

    private static async Task AssertShowcaseAsync(IPage page)
    {
        await Expect(page.Locator(".overall")).ToHaveTextAsync("Partial System Outage");
        await Expect(StatusPages.PublicStatus(page, "Checkout")).ToHaveTextAsync("Partial outage");
        await Expect(StatusPages.PublicStatus(page, "Search")).ToHaveTextAsync("Under maintenance");
        await Expect(StatusPages.PublicStatus(page, "Login")).ToHaveTextAsync("Operational");
        await Expect(page.Locator(".bars")).ToHaveCountAsync(4);
        await Expect(page.Locator(".bars").First.Locator(".bar")).ToHaveCountAsync(90);
        await Expect(page.Locator(".bars").First).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"% uptime over the last 90 days$"));
        var active = page.Locator("section[aria-labelledby=active-h] article");
        await Expect(active).ToHaveCountAsync(1);
        await Expect(active.Locator("h3")).ToHaveTextAsync(StatusShowcaseServer.Incident);
        await Expect(active).ToContainTextAsync("affects Checkout");
        await Expect(page.Locator("section[aria-labelledby=maintenance-active-h] h3")).ToHaveTextAsync("Search index rebuild");
        await Expect(page.Locator("section[aria-labelledby=maintenance-upcoming-h] h3")).ToHaveTextAsync("Database upgrade");
        await Expect(page.Locator("section[aria-labelledby=past-h] article h3")).ToHaveTextAsync("Login emails were delayed");
        await Expect(page.Locator("#subscribe-h")).ToBeVisibleAsync();
    }

    private static async Task SaveAsync(IPage page, string name, bool fullPage)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} looks empty.");
    }
}

/// <summary>Locators and waits shared by the status page tests.</summary>
internal static class StatusPages
{
    /// <summary>The row of a component in the admin page's components table (its first cell is the name, then its group in brackets).</summary>
    public static ILocator ComponentRow(IPage page, string component) =>
        page.Locator("#components tbody tr").Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($@"^{component}( \(|$)") }) });

    /// <summary>The status words of a component on the public page.</summary>
    public static ILocator PublicStatus(IPage page, string component) =>
        page.Locator("li.component").Filter(new() { Has = page.Locator(":scope > span:first-child", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{component}( |$)") }) })
            .Locator(":scope > span:last-child");

    /// <summary>The public page is a snapshot rebuilt shortly after a change: reload until the locator has the text (10 s at most).</summary>
    public static async Task ReloadUntilAsync(IPage page, ILocator locator, string text)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Expect(locator).ToHaveTextAsync(text, new() { Timeout = 300 });
                return;
            }
            catch (PlaywrightException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(200);
                await page.ReloadAsync();
            }
        }
    }

    public static async Task AssertNoHorizontalScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            var wide = await page.EvaluateAsync<string[]>(
                $"() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > {width} && !Array.from(e.children).some(c => c.getBoundingClientRect().right > {width})).sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right).slice(0, 12).map(e => e.tagName + '#' + e.id + '.' + e.className + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')");
            Assert.Fail($"{page.Url} is {scrollWidth} px wide on a {width} px screen; too wide (innermost, widest first): {string.Join(", ", wide)}");
        }
    }
}

/// <summary>A server with a status page of four components, an email channel for subscribers (its SMTP host refuses; mail only queues) and an admin who signs in.</summary>
public class StatusAdminServer : BrowserServer
{
    public const string Admin = "ada";

    public StatusAdminServer() =>
        ConfigYaml = """
            verification:
              interval: 1s
            services:
              - name: checkout
              - name: search
              - name: login
            channels:
              - name: mail
                type: email
                host: 127.0.0.1
                port: 9
                tls: none
                from: status@example.com
                to: [oncall@example.com]
            statusPage:
              name: Acme status
              components:
                - name: Checkout
                  group: Shop
                  description: Paying for an order
                  services: [checkout]
                - name: Search
                  group: Shop
                  services: [search]
                - name: Login
                  services: [login]
                - name: API
                  services: [checkout, search]
              subscribers:
                email: mail
            """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var api = Api();
        (await api.PostAsJsonAsync("/api/v1/users", new { username = Admin, role = "admin", password = Password })).EnsureSuccessStatusCode();
    }

    protected static async Task<JsonElement> Post(HttpClient api, string path, object body)
    {
        var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The status page as the README shows it: an active incident with a stated impact, maintenance in progress and scheduled, a past incident, a subscriber.</summary>
public sealed class StatusShowcaseServer : StatusAdminServer
{
    public const string Incident = "Card payments fail for some shoppers";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var api = Api();
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();

        var past = (await Post(api, "/api/v1/incidents", new { title = "Login emails were delayed", severity = "SEV-3", services = new[] { "login" } })).GetProperty("id").GetInt64();
        await Post(api, $"/api/v1/incidents/{past}/updates", new { audience = "public", status = "investigating", text = "Sign-in links by email arrive late." });
        await Post(api, $"/api/v1/incidents/{past}/updates", new { audience = "public", status = "resolved", text = "Sign-in emails arrive within seconds again." });

        var id = (await Post(api, "/api/v1/incidents", new
        {
            title = Incident,
            severity = "SEV-2",
            services = new[] { "checkout" },
            components = new Dictionary<string, string> { ["Checkout"] = "partial_outage", ["API"] = "partial_outage" },
        })).GetProperty("id").GetInt64();
        await Post(api, $"/api/v1/incidents/{id}/updates", new { audience = "public", status = "investigating", text = "Some card payments fail at checkout; PayPal works. We are looking into it." });
        await Post(api, $"/api/v1/incidents/{id}/updates", new { audience = "public", status = "identified", text = "A card gateway timeout is the cause; a fix is rolling out." });

        var rebuild = await Post(api, "/api/v1/maintenances", new
        {
            title = "Search index rebuild",
            message = "Search results may be incomplete while the index is rebuilt.",
            components = new[] { "Search" },
            startsAt = now.AddMinutes(30),
            endsAt = now.AddHours(2),
        });
        await Post(api, $"/api/v1/maintenances/{rebuild.GetProperty("id")}/progress", new { status = "in_progress", message = "Rebuilding the index; about an hour to go." });
        await Post(api, "/api/v1/maintenances", new
        {
            title = "Database upgrade",
            message = "Writes pause for up to ten minutes.",
            components = new[] { "API" },
            startsAt = now.AddDays(2),
            endsAt = now.AddDays(2).AddHours(1),
        });

        using var anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await anonymous.PostAsJsonAsync("/status/subscribe", new { email = "reader@example.com" })).EnsureSuccessStatusCode();
        await Services.GetRequiredService<StatusSnapshots>().RebuildAsync(CancellationToken.None);
    }
}
