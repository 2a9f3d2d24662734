using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Server.Tests.Support;

/// <summary>
/// The web UI's forms for a plain client that keeps cookies and does not follow redirects (so a test
/// reads Location), with the antiforgery token of the page the form is on; and the one reading of
/// that token, which <see cref="WebSession"/> shares.
/// </summary>
public static partial class WebForms
{
    /// <summary>A cookie-keeping client that stops at redirects; <paramref name="origin"/> is what the requests say in Host (and whether they are https).</summary>
    public static HttpClient Browser(this FirebreakFactory factory, string origin = "http://localhost") =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(origin) });

    /// <summary>The antiforgery token in the form of the page at <paramref name="page"/> (its cookie is kept by the client).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string page)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        return AntiforgeryToken(html, page);
    }

    /// <summary>The antiforgery token in a page's form.</summary>
    public static string AntiforgeryToken(string html, string page)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery field:\n{html}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Posts the sign-in form as the page would send it, with the hidden returnUrl field set to <paramref name="returnUrl"/> (left out when null).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string username, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__af"] = await client.AntiforgeryTokenAsync("/signin"),
            ["username"] = username,
            ["password"] = password,
        };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__af\" (?:type=\"hidden\" )?value=\"(?<token>[^\"]+)\"|type=\"hidden\" name=\"__af\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
