using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Access;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Access;

/// <summary>Web sessions live on the server: a copied cookie dies with its session.</summary>
public sealed class SessionTests : IAsyncDisposable
{
    private readonly FakeClock _clock = new();
    private readonly FirebreakFactory _factory;

    public SessionTests() => _factory = new FirebreakFactory { Clock = _clock, SchedulerLoop = false };

    [Fact]
    public async Task CookieReplayedAfterSignOut_IsRefused()
    {
        using var _ = await _factory.UserAsync("bob");
        using var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var thief = browser.Copy();
        Assert.True(await thief.IsSignedInAsync());

        using var signedOut = await browser.PostFormAsync("/account", "/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.False(await thief.IsSignedInAsync());
        using var page = await thief.GetAsync("/incidents");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", new Uri(new Uri("http://localhost"), page.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task PasswordChange_EndsTheOtherSessions_AndKeepsTheOneThatChangedIt()
    {
        using var _ = await _factory.UserAsync("bob");
        using var laptop = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var phone = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var stolen = phone.Copy();

        using var changed = await laptop.PostFormAsync("/account", "/ui/account/password", [("current", FirebreakFactory.UserPassword), ("new", "a-new-long-password-1")]);
        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);

        Assert.True(await laptop.IsSignedInAsync());
        Assert.False(await phone.IsSignedInAsync());
        Assert.False(await stolen.IsSignedInAsync());
    }

    [Fact]
    public async Task PasswordChangedThroughTheApi_EndsEveryWebSession_ButTokensStay()
    {
        using var bob = await _factory.UserAsync("bob");
        using var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);

        var changed = await bob.PostAsJsonAsync("/api/v1/me/password", new { current = FirebreakFactory.UserPassword, @new = "a-new-long-password-1" });
        await HttpAssert.StatusAsync(changed, HttpStatusCode.NoContent);

        Assert.False(await browser.IsSignedInAsync());
        await HttpAssert.JsonAsync(await bob.GetAsync("/api/v1/me"));
    }

    [Fact]
    public async Task AdminSignsAnAccountOutEverywhere_ThroughTheApi()
    {
        using var _ = await _factory.UserAsync("bob");
        using var one = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var two = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var admin = _factory.Admin();

        var ended = await HttpAssert.JsonAsync(await admin.PostAsync("/api/v1/users/bob/sessions/end", null));

        Assert.Equal(2, ended.Long("ended"));
        Assert.False(await one.IsSignedInAsync());
        Assert.False(await two.IsSignedInAsync());
    }

    [Fact]
    public async Task AdminSignsAnAccountOutEverywhere_FromTheUsersPage()
    {
        using var _ = await _factory.UserAsync("bob");
        using var bob = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var admin = await AdminBrowserAsync();

        using var ended = await admin.PostFormAsync("/admin/users", "/ui/admin/users/bob/sessions/end", []);

        Assert.Equal(HttpStatusCode.SeeOther, ended.StatusCode);
        Assert.False(await bob.IsSignedInAsync());
        Assert.True(await admin.IsSignedInAsync());
    }

    [Fact]
    public async Task SignOutEverywhereElse_FromTheAccountPage_KeepsThisOne()
    {
        using var _ = await _factory.UserAsync("bob");
        using var here = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var elsewhere = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);

        using var ended = await here.PostFormAsync("/account", "/ui/account/sessions/end", []);

        Assert.Equal(HttpStatusCode.SeeOther, ended.StatusCode);
        Assert.Contains("1 other session", Uri.UnescapeDataString(ended.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.True(await here.IsSignedInAsync());
        Assert.False(await elsewhere.IsSignedInAsync());
    }

    [Fact]
    public async Task AnotherAccount_CannotSignSomeoneElseOut()
    {
        using var bob = await _factory.UserAsync("bob");
        using var _ = await _factory.UserAsync("carol");

        await HttpAssert.ProblemAsync(await bob.PostAsync("/api/v1/users/carol/sessions/end", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UnusedSession_EndsAfterTheIdleTime()
    {
        using var _ = await _factory.UserAsync("bob");
        using var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);

        _clock.Advance(SessionService.Idle - TimeSpan.FromMinutes(1));
        Assert.True(await browser.IsSignedInAsync());
        _clock.Advance(SessionService.Idle + TimeSpan.FromSeconds(2));
        await Task.Delay(CredentialCache<object>.Lifetime + TimeSpan.FromMilliseconds(100));

        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task SessionInUse_StillEndsAtItsAbsoluteLifetime()
    {
        using var _ = await _factory.UserAsync("bob");
        using var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);

        // Used every few hours, so it never goes idle.
        var used = TimeSpan.Zero;
        while (used + TimeSpan.FromHours(6) < SessionService.Lifetime)
        {
            _clock.Advance(TimeSpan.FromHours(6));
            used += TimeSpan.FromHours(6);
            await Task.Delay(CredentialCache<object>.Lifetime + TimeSpan.FromMilliseconds(50));
            Assert.True(await browser.IsSignedInAsync(), $"The session ended after {used} of use.");
        }

        _clock.Advance(SessionService.Lifetime - used + TimeSpan.FromMinutes(1));
        await Task.Delay(CredentialCache<object>.Lifetime + TimeSpan.FromMilliseconds(50));

        Assert.False(await browser.IsSignedInAsync());
    }

    [Fact]
    public async Task DisablingAnAccount_EndsItsSessions_AndEnablingDoesNotRevive_Them()
    {
        using var _ = await _factory.UserAsync("bob");
        using var browser = await WebSession.SignInAsync(_factory, "bob", FirebreakFactory.UserPassword);
        using var admin = _factory.Admin();

        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/bob", new { disabled = true }));
        Assert.False(await browser.IsSignedInAsync());
        await HttpAssert.JsonAsync(await admin.PatchAsJsonAsync("/api/v1/users/bob", new { disabled = false }));

        Assert.False(await browser.IsSignedInAsync());
    }

    private async Task<WebSession> AdminBrowserAsync()
    {
        using var admin = _factory.Admin();
        await HttpAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/users", new { username = "root", role = "admin", password = FirebreakFactory.UserPassword }), HttpStatusCode.Created);
        return await WebSession.SignInAsync(_factory, "root", FirebreakFactory.UserPassword);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
