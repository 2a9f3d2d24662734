using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// A browser's side of the web UI without a browser: a client that keeps the sign-in cookie, asks
/// for HTML, and posts forms with the antiforgery token taken from the page the form is on.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _client;

    private WebSession(HttpClient client) => _client = client;

    /// <summary>Signs in through the sign-in form with a username and password.</summary>
    public static async Task<WebSession> SignInAsync(FirebreakFactory factory, string username, string password)
    {
        var session = new WebSession(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await session.PostFormAsync("/signin", "/signin", [("username", username), ("password", password)]);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"Signing in as {username} answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>A session with no one signed in.</summary>
    public static WebSession Anonymous(FirebreakFactory factory) =>
        new(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

    public Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return _client.SendAsync(request);
    }

    /// <summary>Posts <paramref name="fields"/> (url-encoded) to <paramref name="action"/> with the antiforgery token of the page at <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var token = await TokenAsync(page);
        using var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__af", token)]);
        return await SendAsync(action, content);
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

        return await SendAsync(action, content);
    }

    private async Task<HttpResponseMessage> SendAsync(string action, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = content };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return await _client.SendAsync(request);
    }

    private async Task<string> TokenAsync(string page)
    {
        var html = await (await GetAsync(page)).Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery token: {html}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"(?<token>[^\"]+)\"|type=\"hidden\" name=\"__af\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => _client.Dispose();
}
