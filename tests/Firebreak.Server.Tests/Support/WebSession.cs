using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// A browser's side of the web UI without a browser: it keeps its own cookies (so a test can copy
/// them and replay them later, as a thief would), asks for HTML, and posts forms with the
/// antiforgery token taken from the page the form is on. Redirects are not followed, so tests see
/// where they point.
/// </summary>
public sealed class WebSession : IDisposable
{
    private readonly FirebreakFactory _factory;
    private readonly HttpClient _client;

    private WebSession(FirebreakFactory factory, Dictionary<string, string>? cookies = null)
    {
        _factory = factory;
        _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Cookies = cookies ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public Dictionary<string, string> Cookies { get; }

    /// <summary>Signs in through the sign-in form with a username and password; asserts it worked.</summary>
    public static async Task<WebSession> SignInAsync(FirebreakFactory factory, string username, string password)
    {
        var session = new WebSession(factory);
        var signedIn = await session.PostFormAsync("/signin", "/signin", [("username", username), ("password", password)]);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"Signing in as {username} answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        Assert.True(session.Cookies.ContainsKey("firebreak"), "The sign-in set no session cookie.");
        return session;
    }

    /// <summary>A session with no one signed in.</summary>
    public static WebSession Anonymous(FirebreakFactory factory) => new(factory);

    /// <summary>Another browser holding a copy of this one's cookies.</summary>
    public WebSession Copy() => new(_factory, new Dictionary<string, string>(Cookies, StringComparer.Ordinal));

    public Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return SendAsync(request);
    }

    /// <summary>Opens a long response (a live timeline) and returns once its headers arrived.</summary>
    public Task<HttpResponseMessage> OpenAsync(string path) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Whether a signed-in page opens (200) rather than sending the browser to sign in.</summary>
    public async Task<bool> IsSignedInAsync()
    {
        using var response = await GetAsync("/account");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Posts <paramref name="fields"/> (url-encoded) to <paramref name="action"/> with the antiforgery token of the page at <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var token = await TokenAsync(page);
        using var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__af", token)]);
        return await PostAsync(action, content);
    }

    /// <summary>Posts a multipart form, as a browser sends a file upload, with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string page, string action, IEnumerable<(string Name, string Value)> fields, (string Name, string FileName, byte[] Bytes)? file = null)
    {
        var token = await TokenAsync(page);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(("__af", token)))
        {
            content.Add(new StringContent(value), name);
        }

        if (file is var (fileField, fileName, bytes))
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // The name as RFC 5987 encodes it (filename*), which carries any character, a NUL included.
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{fileField}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
            content.Add(part);
        }

        return await PostAsync(action, content);
    }

    private async Task<HttpResponseMessage> PostAsync(string action, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = content };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return await SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _client.SendAsync(request, completion);
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

    private async Task<string> TokenAsync(string page)
    {
        using var opened = await GetAsync(page);
        return WebForms.AntiforgeryToken(await opened.Content.ReadAsStringAsync(), page);
    }

    public void Dispose() => _client.Dispose();
}
