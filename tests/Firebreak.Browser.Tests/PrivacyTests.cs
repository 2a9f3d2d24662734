using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>Pages apply the API's rules: private incidents stay with their members; viewers read and cannot write.</summary>
public sealed class PrivacyTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public PrivacyTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task PrivateIncident_IsNotFoundForANonMember_AndNotListed()
    {
        var alice = await _server.SignInAsync("alice");
        var title = Ui.Unique("Leaked API keys in a public gist");
        var id = await Ui.DeclareAsync(alice, title, isPrivate: true);
        await Expect(alice.Locator("main > p .status", new() { HasText = "private" })).ToBeVisibleAsync();
        await Expect(alice.Locator("main > p.chips")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^investigating private version \\d+$"));
        await alice.GotoAsync("/incidents");
        await Expect(alice.Locator("tbody tr", new() { HasText = title })).ToHaveCountAsync(1);
        Assert.Contains($"{title} private", await alice.Locator("tbody tr", new() { HasText = title }).Locator("td").First.InnerTextAsync(), StringComparison.Ordinal);

        var bob = await _server.SignInAsync("bob");
        var room = await bob.GotoAsync($"/incidents/{id}");
        Assert.Equal(404, room!.Status);
        await Expect(bob.Locator("h1")).ToHaveTextAsync("Not found");
        await Expect(bob.Locator("header.top nav")).ToBeVisibleAsync();
        Assert.DoesNotContain(title, await bob.ContentAsync(), StringComparison.Ordinal);

        await bob.GotoAsync("/incidents?when=all");
        await Expect(bob.Locator("main")).Not.ToContainTextAsync(title);
        // "all" is a filter the list offers: it lists, it does not refuse.
        await Expect(bob.Locator(".banner.error")).ToHaveCountAsync(0);
        await bob.GotoAsync("/incidents?q=" + Uri.EscapeDataString(title));
        await Expect(bob.Locator("tbody tr")).ToHaveCountAsync(0);

        // Neither the live feed, the evidence download nor a form post gives it away.
        var live = await bob.APIRequest.GetAsync($"/incidents/{id}/live");
        Assert.Equal(404, live.Status);
        var download = await bob.APIRequest.GetAsync($"/ui/incidents/{id}/evidence/1");
        Assert.Equal(404, download.Status);
        var token = await bob.Locator("form.signout input[name=__af]").InputValueAsync();
        var posted = await bob.EvaluateAsync<int>(
            "async ([url, token]) => (await fetch(url, { method: 'POST', body: new URLSearchParams({ __af: token, kind: 'note', text: 'bob was here' }) })).status",
            new[] { $"/ui/incidents/{id}/entries", token });
        Assert.Equal(404, posted);
        await alice.GotoAsync($"/incidents/{id}");
        await Expect(Ui.Timeline(alice)).Not.ToContainTextAsync("bob was here");

        // Once bob is made a member, he sees it.
        await alice.Locator("#role").SelectOptionAsync("tech-lead");
        await alice.Locator("#role-user").FillAsync("bob");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Assign or hand off" }).ClickAsync();
        await Expect(Ui.Timeline(alice)).ToContainTextAsync("bob is tech-lead");
        var again = await bob.GotoAsync($"/incidents/{id}");
        Assert.Equal(200, again!.Status);
        await Expect(bob.Locator("h1")).ToContainTextAsync(title);
    }

    [Fact]
    public async Task Viewer_SeesPublicIncidents_WithoutWriteControls_AndAForgedPostIsRefused()
    {
        var title = Ui.Unique("Dashboards load slowly");
        var id = await _server.DeclareAsync(title);
        var vic = await _server.SignInAsync("vic");
        await Expect(vic.Locator("tbody tr", new() { HasText = title })).ToHaveCountAsync(1);
        await Expect(vic.GetByRole(AriaRole.Link, new() { Name = "Declare" })).ToHaveCountAsync(0);
        await Expect(vic.GetByRole(AriaRole.Link, new() { Name = "Declare an incident" })).ToHaveCountAsync(0);

        await vic.GotoAsync($"/incidents/{id}");
        await Expect(vic.Locator("h1")).ToContainTextAsync(title);
        await Expect(vic.Locator("main")).ToContainTextAsync("your role (viewer) cannot change it");
        Assert.Equal(0, await vic.Locator("main form[method=post]").CountAsync());
        Assert.Equal(0, await vic.Locator("main textarea, main select, main input:not([type=hidden])").CountAsync());
        await Expect(vic.GetByRole(AriaRole.Button, new() { Name = "Add entry" })).ToHaveCountAsync(0);

        await vic.GotoAsync("/incidents/new");
        Assert.Equal(0, await vic.Locator("#declare").CountAsync());
        await Expect(vic.Locator("main")).ToContainTextAsync("can read incidents but not declare them");

        // A forged post with a valid antiforgery token (taken from the sign-out form) is refused by role.
        await vic.GotoAsync($"/incidents/{id}");
        var token = await vic.Locator("form.signout input[name=__af]").InputValueAsync();
        var forged = await vic.EvaluateAsync<int[]>(
            """
            async ([id, token]) => {
              const post = async (url, fields) => (await fetch(url, { method: 'POST', body: new URLSearchParams({ __af: token, ...fields }) })).status;
              return [
                await post(`/ui/incidents/${id}/entries`, { kind: 'note', text: 'vic was here' }),
                await post(`/ui/incidents/${id}/roles`, { role: 'commander', user: 'vic' }),
                await post('/ui/incidents', { title: 'Declared by a viewer' }),
              ];
            }
            """,
            new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture), token });
        Assert.Equal([403, 403, 403], forged);

        // And a post without the token is refused before any role check.
        var tokenless = await vic.EvaluateAsync<string>(
            "async (url) => { const r = await fetch(url, { method: 'POST', body: new URLSearchParams({ kind: 'note', text: 'no token' }) }); return r.status + ' ' + await r.text(); }",
            $"/ui/incidents/{id}/entries");
        Assert.StartsWith("400 ", tokenless, StringComparison.Ordinal);
        Assert.Contains("That form was not accepted", tokenless, StringComparison.Ordinal);

        using var api = _server.Api();
        var timeline = await api.GetStringAsync($"/api/v1/incidents/{id}/timeline");
        Assert.DoesNotContain("vic was here", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("no token", timeline, StringComparison.Ordinal);
        var list = await api.GetStringAsync("/api/v1/incidents?q=" + Uri.EscapeDataString("Declared by a viewer"));
        Assert.DoesNotContain("Declared by a viewer", list, StringComparison.Ordinal);
    }
}
