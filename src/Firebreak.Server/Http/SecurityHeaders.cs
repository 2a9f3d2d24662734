namespace Firebreak.Server.Http;

/// <summary>
/// The headers every response carries (pages, API answers, problems, assets, the live timeline,
/// redirects) so a browser runs only the server's own script and style, never shows Firebreak
/// inside another site's frame, and sends no address of it elsewhere. Set when the response
/// starts, so an answer the exception handler or the status page rewrote carries them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The script and style come from /assets only: no inline script, no style attributes.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>One year; sent only over https, where the browser heeds it.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (http, next) =>
        {
            http.Response.OnStarting(static state => Apply((HttpContext)state), http);
            return next(http);
        });

    /// <summary>Sets them now, for a response written whole at once (the status page's fast path) that needs no callback.</summary>
    public static void ApplyNow(HttpContext http) => Apply(http);

    private static Task Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        // A route may set a policy of its own (the status page allows its configured logo's origin); every other response gets this one.
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        return Task.CompletedTask;
    }
}
