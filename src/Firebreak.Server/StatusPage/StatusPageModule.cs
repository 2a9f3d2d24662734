using System.Collections.Frozen;

namespace Firebreak.Server.StatusPage;

/// <summary>The public status page at /status: served from the snapshot, with no sign-in and no database work.</summary>
public static class StatusPageModule
{
    public static void AddStatusPage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatusSnapshots>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusSnapshots>());
    }

    public const string StylePath = "/status/style.css";

    /// <summary>Every path the public page answers: the page, its style, its feed and the Statuspage JSON.</summary>
    public static readonly FrozenSet<string> Paths =
        new[] { StatusSnapshots.PagePath, StylePath, StatusFeed.Path }.Concat(StatuspageApi.Paths).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the request path is one of <see cref="Paths"/> (a trailing slash aside).</summary>
    public static bool IsPublic(string path) => Paths.Contains(path.Length > 1 ? path.TrimEnd('/') : path);

    private static readonly RenderedBody Style = RenderedBody.Of(StatusPageHtml.Css, "text/css; charset=utf-8");

    // HEAD too: uptime monitors and proxies ask with it.
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapStatusPage(this WebApplication app)
    {
        app.MapMethods(StatusSnapshots.PagePath, Methods, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Page))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapMethods(StylePath, Methods, (HttpContext http) => Serve(http, Style))
            .AllowAnonymous()
            .ExcludeFromDescription();
        foreach (var path in StatuspageApi.Paths.Append(StatusFeed.Path))
        {
            app.MapMethods(path, Methods, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Body(path)))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
    }

    private static IResult Serve(HttpContext http, RenderedBody? body)
    {
        if (body is null)
        {
            http.Response.Headers.RetryAfter = "2";
            return Results.Text("The status page is being built; try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        http.Response.Headers.ETag = body.ETag;
        http.Response.Headers.CacheControl = "public, max-age=10";
        http.Response.Headers.Vary = "Accept-Encoding";
        if (http.Request.Headers.IfNoneMatch.Contains(body.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(body.Gzip, body.ContentType);
        }

        return Results.Bytes(body.Bytes, body.ContentType);
    }
}
