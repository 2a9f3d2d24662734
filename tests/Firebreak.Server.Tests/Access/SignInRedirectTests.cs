using System.Net;
using System.Text.RegularExpressions;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Access;

/// <summary>
/// After signing in the browser goes back where it came from, but only to a page of this server:
/// whatever a link to /signin or a forged form puts in returnUrl, Location is a local path, and no
/// redirect is built from the Host header the client sent.
/// </summary>
public sealed partial class SignInRedirectTests : IAsyncLifetime
{
    private readonly FirebreakFactory _factory = new();

    public async Task InitializeAsync()
    {
        using (await _factory.UserAsync("alice"))
        {
        }

        using (await _factory.UserAsync("vic", "viewer"))
        {
        }
    }

    [Theory]
    [InlineData("/\\evil.example/x")]
    [InlineData("/\\/evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("\t//evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("//evil")]
    [InlineData("///evil.example")]
    [InlineData("//evil.example/incidents")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0A/evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%252F%252Fevil.example")]
    [InlineData("/incidents%0D%0ASet-Cookie:%20firebreak=stolen")]
    [InlineData("/incidents\r\nSet-Cookie: firebreak=stolen")]
    [InlineData("https://evil.example")]
    [InlineData("http:evil.example")]
    [InlineData("https:/evil.example")]
    [InlineData("HTTPS://evil.example/incidents")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("evil.example")]
    [InlineData("incidents")]
    [InlineData("/\u3000/evil.example")]
    [InlineData("/\uFF0F\uFF0Fevil.example")]
    [InlineData("/é")]
    public async Task SignIn_WithHostileReturnUrl_GoesToTheIncidentList(string returnUrl)
    {
        using var browser = _factory.Browser();
        var response = await browser.SignInAsync("alice", FirebreakFactory.UserPassword, returnUrl);

        await HttpAssert.StatusAsync(response, HttpStatusCode.Found);
        Assert.Equal("/incidents", Location(response));
    }

    [Theory]
    [InlineData("/incidents/INC-1?x=1")]
    [InlineData("/incidents/42")]
    [InlineData("/incidents?q=disk%20full&when=all")]
    [InlineData("/admin/users")]
    [InlineData("/")]
    public async Task SignIn_WithLocalReturnUrl_GoesThere(string returnUrl)
    {
        using var browser = _factory.Browser();
        var response = await browser.SignInAsync("alice", FirebreakFactory.UserPassword, returnUrl);

        await HttpAssert.StatusAsync(response, HttpStatusCode.Found);
        Assert.Equal(returnUrl, Location(response));
    }

    [Theory]
    [InlineData("/\\evil.example/x", "/incidents")]
    [InlineData("/%09/evil.example", "/incidents")]
    [InlineData("https://evil.example", "/incidents")]
    [InlineData("/incidents/INC-1?x=1", "/incidents/INC-1?x=1")]
    public async Task SignInPage_PutsOnlyALocalReturnUrlInItsForm(string query, string inForm)
    {
        using var browser = _factory.Browser();
        var html = await browser.GetStringAsync(new Uri($"/signin?ReturnUrl={Uri.EscapeDataString(query)}", UriKind.Relative));

        var field = ReturnUrlField().Match(html);
        Assert.True(field.Success, $"The sign-in form has no returnUrl field:\n{html}");
        Assert.Equal(inForm, WebUtility.HtmlDecode(field.Groups[1].Value));
    }

    [Fact]
    public async Task PageWithoutSignIn_RedirectsToSignInOnThisServer_WhateverTheHostHeaderSays()
    {
        using var browser = _factory.Browser("http://evil.example");
        var response = await browser.GetAsync(new Uri("/incidents?q=disk", UriKind.Relative));

        await HttpAssert.StatusAsync(response, HttpStatusCode.Found);
        Assert.Equal("/signin?ReturnUrl=%2Fincidents%3Fq%3Ddisk", Location(response));
    }

    [Fact]
    public async Task PageTheRoleMayNotSee_RedirectsToDeniedOnThisServer_WhateverTheHostHeaderSays()
    {
        using var browser = _factory.Browser("http://evil.example");
        await HttpAssert.StatusAsync(await browser.SignInAsync("vic", FirebreakFactory.UserPassword), HttpStatusCode.Found);

        var response = await browser.GetAsync(new Uri("/admin/users", UriKind.Relative));

        await HttpAssert.StatusAsync(response, HttpStatusCode.Found);
        Assert.Equal("/denied?ReturnUrl=%2Fadmin%2Fusers", Location(response));
    }

    [Fact]
    public async Task SignInThenReturnUrl_RoundTrip_LandsOnTheFirstPage()
    {
        using var browser = _factory.Browser("http://evil.example");
        var challenge = await browser.GetAsync(new Uri("/incidents?when=all", UriKind.Relative));
        var signInPage = Location(challenge);
        var returnUrl = Uri.UnescapeDataString(signInPage[(signInPage.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        var response = await browser.SignInAsync("alice", FirebreakFactory.UserPassword, returnUrl);

        Assert.Equal("/incidents?when=all", Location(response));
    }

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    /// <summary>The Location header as sent (not resolved against the request's address).</summary>
    private static string Location(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Location", out var values), $"No Location header on {(int)response.StatusCode}.");
        var location = Assert.Single(values);
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.Length > 1 && location[1] is '/' or '\\', $"Location {location} names another host.");
        return location;
    }

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
