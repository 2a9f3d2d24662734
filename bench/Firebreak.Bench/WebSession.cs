using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Bench;

/// <summary>
/// A browser's view of the web UI: one cookie jar, signed in through the /signin form as a person
/// would be (the page's antiforgery token, then the form post), and plain GETs of pages.
/// </summary>
internal sealed partial class WebSession : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    public WebSession(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = _cookies,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = int.MaxValue,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>GET /signin, then POST its form with the hidden antiforgery token; expects the redirect and the session cookie.</summary>
    public async Task SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        var page = Encoding.UTF8.GetString(await GetPageAsync("signin", cancellationToken));
        var token = AntiforgeryInput().Match(page) is { Success: true } input && AntiforgeryValue().Match(input.Value) is { Success: true } value
            ? WebUtility.HtmlDecode(value.Groups[1].Value)
            : throw new InvalidOperationException("The /signin page has no __af hidden input.");

        using var form = new FormUrlEncodedContent(
        [
            new("__af", token),
            new("returnUrl", "/incidents"),
            new("username", username),
            new("password", password),
        ]);
        using var response = await _http.PostAsync("signin", form, cancellationToken);
        await FirebreakApi.ExpectAsync(response, HttpStatusCode.Redirect, cancellationToken);
        if (_cookies.GetCookies(_baseAddress)["firebreak"] is null)
        {
            throw new InvalidOperationException("POST /signin redirected but set no \"firebreak\" cookie.");
        }
    }

    /// <summary>GET a stream (Server-Sent Events): the response as soon as its headers arrive, the body left open.</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken) =>
        _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>GET a page and read the whole body; it must be a 200 with HTML (a redirect to /signin fails here).</summary>
    public async Task<byte[]> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await FirebreakApi.ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            throw new InvalidOperationException($"GET /{path} answered {response.Content.Headers.ContentType}, expected text/html.");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""<input\b[^>]*\bname="__af"[^>]*>""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("""\bvalue="([^"]*)""")]
    private static partial Regex AntiforgeryValue();
}
