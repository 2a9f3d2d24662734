using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Firebreak.Browser.Tests;

/// <summary>The account page (password, API tokens) and the admin's users page.</summary>
public sealed class AccountTests : IClassFixture<BrowserServer>
{
    private readonly BrowserServer _server;

    public AccountTests(BrowserServer server) => _server = server;

    [Fact]
    public async Task ChangePassword_ThenOnlyTheNewOneSignsIn()
    {
        var user = await CreateUserAsync("responder");
        var page = await _server.SignInAsync(user);
        await page.GotoAsync("/account");
        const string NewPassword = "staple-battery-horse-correct";

        // A wrong current password changes nothing.
        await page.GetByLabel("Current password").FillAsync("not-my-password-at-all");
        await page.GetByLabel("New password (at least 12 characters)").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator(".banner.error[role=alert]")).ToBeVisibleAsync();

        await page.GotoAsync("/account");
        await page.GetByLabel("Current password").FillAsync(BrowserServer.Password);
        await page.GetByLabel("New password (at least 12 characters)").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToHaveTextAsync("Password changed; you were signed out everywhere else.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await BrowserServer.SignInOnAsync(page, user, BrowserServer.Password);
        await Expect(page.Locator(".banner.error")).ToHaveTextAsync("That username and password do not match an active account.");
        await BrowserServer.SignInOnAsync(page, user, NewPassword);
        await page.WaitForURLAsync("**/incidents");
        await Expect(page.Locator(".who")).ToHaveTextAsync(user);
    }

    [Fact]
    public async Task ApiToken_WorksUntilRevoked_ThenGets401()
    {
        var user = await CreateUserAsync("responder");
        var page = await _server.SignInAsync(user);
        await page.GotoAsync("/account");
        await page.GetByLabel("What it is for").FillAsync("laptop CLI");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.Locator("#new-token").InnerTextAsync();
        Assert.StartsWith("fb_", token, StringComparison.Ordinal);

        using (var api = _server.Api(token))
        {
            var me = await api.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains($"\"{user}\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await page.GotoAsync("/account");
        var row = page.Locator("tbody tr", new() { HasText = "laptop CLI" });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row).ToContainTextAsync(token[..8]);
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke token laptop CLI" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToHaveTextAsync("Token revoked.");
        await Expect(row).ToContainTextAsync("revoked");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        using (var api = _server.Api(token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        }
    }

    [Fact]
    public async Task Admin_CreatesAUser_ChangesTheRole_AndDisables_WhoThenCannotSignIn()
    {
        var admin = await CreateUserAsync("admin");
        var page = await _server.SignInAsync(admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/users");

        var dave = "dave-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(dave);
        await page.GetByLabel("Display name").FillAsync("Dave Ops");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("viewer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync($"Created {dave} (viewer)");
        var password = await page.Locator("#new-password").InnerTextAsync();
        Assert.True(password.Length >= 12, $"Generated password too short: '{password}'");

        // The new user signs in with the password shown once; as a viewer they cannot declare.
        var davePage = await _server.SignInAsync(dave, password: password);
        await Expect(davePage.GetByRole(AriaRole.Link, new() { Name = "Declare", Exact = true })).ToHaveCountAsync(0);

        // Make them a responder: their session ends, and the next one can declare.
        await page.GotoAsync("/admin/users");
        var row = page.Locator("tbody tr", new() { HasText = dave });
        await Expect(row).ToContainTextAsync("active");
        await row.GetByLabel($"Role of {dave}").SelectOptionAsync("responder");
        await row.GetByRole(AriaRole.Button, new() { Name = "Set role" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToHaveTextAsync($"{dave} updated.");
        await Expect(row.GetByLabel($"Role of {dave}")).ToHaveValueAsync("responder");
        await davePage.GotoAsync("/incidents");
        Assert.Contains("/signin", davePage.Url, StringComparison.Ordinal);
        await BrowserServer.SignInOnAsync(davePage, dave, password);
        await davePage.WaitForURLAsync("**/incidents");
        await Expect(davePage.GetByRole(AriaRole.Link, new() { Name = "Declare", Exact = true })).ToHaveCountAsync(1);

        // Disable: the open session ends and signing in is refused.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {dave}" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToHaveTextAsync($"{dave} updated.");
        await Expect(row).ToContainTextAsync("disabled");
        await davePage.GotoAsync("/incidents");
        Assert.Contains("/signin", davePage.Url, StringComparison.Ordinal);
        await BrowserServer.SignInOnAsync(davePage, dave, password);
        await Expect(davePage.Locator(".banner.error")).ToHaveTextAsync("That username and password do not match an active account.");
        Assert.Contains("/signin", davePage.Url, StringComparison.Ordinal);

        // Enabled again, they can.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Enable {dave}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("active");
        await BrowserServer.SignInOnAsync(davePage, dave, password);
        await davePage.WaitForURLAsync("**/incidents");
    }

    [Fact]
    public async Task UsersPage_IsForAdminsOnly()
    {
        var page = await _server.SignInAsync("alice");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/users");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
        var token = await page.Locator("form.signout input[name=__af]").InputValueAsync();
        var status = await page.EvaluateAsync<int>(
            "async (token) => (await fetch('/ui/admin/users', { method: 'POST', body: new URLSearchParams({ __af: token, username: 'mallory', role: 'admin' }), redirect: 'manual' })).status",
            token);
        Assert.NotEqual(200, status);
        using var api = _server.Api();
        Assert.DoesNotContain("mallory", await api.GetStringAsync("/api/v1/users"), StringComparison.Ordinal);
    }

    private async Task<string> CreateUserAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid().ToString("N")[..6]}";
        using var api = _server.Api();
        var created = await api.PostAsJsonAsync("/api/v1/users", new { username = name, role, password = BrowserServer.Password });
        created.EnsureSuccessStatusCode();
        return name;
    }
}
