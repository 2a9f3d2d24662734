using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// The web UI as a browser without a window uses it: it keeps its own cookies (so a test can copy
/// them and replay them later, as a thief would), reads the antiforgery token from each page and
/// posts forms with it. Redirects are not followed, so tests see where they point. (For a client
/// that simply keeps its cookies, see <see cref="WebSession"/>.)
/// </summary>
public sealed class WebBrowser(FirebreakFactory factory) : IDisposable
{
    private readonly HttpClient _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public Dictionary<string, string> Cookies { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Signs in through the sign-in form; asserts it worked.</summary>
    public static async Task<WebBrowser> SignInAsync(FirebreakFactory factory, string username, string password)
    {
        var browser = new WebBrowser(factory);
        var response = await browser.PostFormAsync("/signin", "/signin", new() { ["username"] = username, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(browser.Cookies.ContainsKey("firebreak"), "The sign-in set no session cookie.");
        return browser;
    }

    /// <summary>Another browser holding a copy of this one's cookies.</summary>
    public WebBrowser Copy() => new(factory) { Cookies = new Dictionary<string, string>(Cookies, StringComparer.Ordinal) };

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return await SendAsync(request);
    }

    /// <summary>Opens a long response (a live timeline) and returns once its headers arrived.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Whether a signed-in page opens (200) rather than sending the browser to sign in.</summary>
    public async Task<bool> IsSignedInAsync()
    {
        using var response = await GetAsync("/account");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Opens <paramref name="page"/> for its antiforgery token, then posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields)
    {
        using var opened = await GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var html = await opened.Content.ReadAsStringAsync();
        fields["__af"] = WebSession.AntiforgeryToken(html, page);
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request, completion);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var header in set)
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    public void Dispose() => _http.Dispose();

}
