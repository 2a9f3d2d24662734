using Firebreak.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Firebreak.Server.Access;

/// <summary>
/// The sign-in cookie's redirects (to /signin, to /denied, after signing in or out), always as a
/// path on this server: the handler builds them from the request's Host header, which the client
/// chose, so the scheme and host are cut off and what remains must pass <see cref="LocalUrl"/>.
/// </summary>
internal static class CookieRedirects
{
    public static void Apply(CookieAuthenticationEvents events)
    {
        events.OnRedirectToLogin = context => Send(context, "/signin", StatusCodes.Status401Unauthorized);
        events.OnRedirectToAccessDenied = context => Send(context, "/denied", StatusCodes.Status403Forbidden);
        events.OnRedirectToLogout = context => Send(context, "/signin", null);
        events.OnRedirectToReturnUrl = context => Send(context, "/incidents", null);
    }

    /// <summary>The redirect as the handler's default does it (a script's request gets the status and the Location only), but relative.</summary>
    private static Task Send(RedirectContext<CookieAuthenticationOptions> context, string fallback, int? scriptStatus)
    {
        var location = LocalUrl.OrDefault(Relative(context.Request, context.RedirectUri), fallback);
        if (IsScriptRequest(context.Request))
        {
            context.Response.Headers.Location = location;
            if (scriptStatus is { } status)
            {
                context.Response.StatusCode = status;
            }
        }
        else
        {
            context.Response.Redirect(location);
        }

        return Task.CompletedTask;
    }

    private static string Relative(HttpRequest request, string redirectUri)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        return redirectUri.StartsWith(origin, StringComparison.OrdinalIgnoreCase) ? redirectUri[origin.Length..] : redirectUri;
    }

    private static bool IsScriptRequest(HttpRequest request) =>
        string.Equals(request.Query["X-Requested-With"], "XMLHttpRequest", StringComparison.Ordinal) ||
        string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal);
}
