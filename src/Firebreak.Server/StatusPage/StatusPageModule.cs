using System.Collections.Frozen;

namespace Firebreak.Server.StatusPage;

/// <summary>The public status page at /status: served from the snapshot, with no sign-in and no database work.</summary>
public static class StatusPageModule
{
    public static void AddStatusPage(this WebApplicationBuilder builder)
    {
        foreach (var codec in Storage.StatusPage.StatusPageStore.Codecs)
        {
            builder.Services.AddSingleton(codec);
        }

        foreach (var projection in Storage.StatusPage.StatusPageStore.Projections)
        {
            builder.Services.AddSingleton(projection);
        }

        builder.Services.AddSingleton<Storage.Streams.IProjection, MaintenanceDeadlinesProjection>();
        builder.Services.AddSingleton<Storage.Streams.IProjection, StatusPageAuditProjection>();
        builder.Services.AddSingleton<Storage.StatusPage.StatusPageStore>();
        builder.Services.AddSingleton<StatusAdminService>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, MaintenanceModule>();
        builder.Services.AddSingleton<Storage.StatusPage.SubscriberStore>();
        builder.Services.AddSingleton<Subscribers.SubscriptionService>();
        builder.Services.AddSingleton<Notifications.IExtraChannels, Subscribers.SubscriberChannels>();
        builder.Services.AddSingleton<Storage.Streams.IProjection, Subscribers.SubscriberFanOutProjection>();
        builder.Services.AddSingleton<StatusSnapshots>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusSnapshots>());
    }

    public const string StylePath = "/status/style.css";

    /// <summary>Every path the public page answers: the page, its style, its feed and the Statuspage JSON.</summary>
    public static readonly FrozenSet<string> Paths =
        new[] { StatusSnapshots.PagePath, StylePath, StatusFeed.Path }.Concat(StatuspageApi.Paths).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the request path is one of <see cref="Paths"/> (a trailing slash aside).</summary>
    public static bool IsPublic(string path) =>
        Paths.Contains(path.Length > 1 ? path.TrimEnd('/') : path)
        || path.Equals(StatusPageHtml.HistoryPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(StatusPageHtml.HistoryPath + "/", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("/status/incidents/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the path is the public sign-up or a subscriber's own page (these read and write the database).</summary>
    public static bool IsSubscription(string path) =>
        path.Equals("/status/subscribe", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/status/subscriptions/", StringComparison.OrdinalIgnoreCase);

    // HEAD too: uptime monitors and proxies ask with it.
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapStatusPage(this WebApplication app)
    {
        var config = app.Services.GetRequiredService<Configuration.FirebreakConfig>().StatusPage;
        Subscribers.SubscriberEndpoints.MapSubscriberPages(app);
        var style = RenderedBody.Of(StatusPageHtml.CssFor(config), "text/css; charset=utf-8");

        var policy = PolicyFor(config);
        app.MapMethods(StatusSnapshots.PagePath, Methods, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Page, policy))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapMethods(StylePath, Methods, (HttpContext http) => Serve(http, style))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapMethods(StatusPageHtml.HistoryPath, Methods, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Body(StatusPageHtml.HistoryPath), policy))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapMethods(StatusPageHtml.HistoryPath + "/{number:int}", Methods, (int number, HttpContext http, StatusSnapshots snapshots) =>
                snapshots.Page is null || number < 1 || snapshots.Body(StatusPageHtml.HistoryPage.PathOf(number)) is not { } body
                    ? (snapshots.Page is null ? Serve(http, null) : Results.NotFound())
                    : Serve(http, body, policy))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapMethods("/status/incidents/{id:long}", Methods, (long id, HttpContext http, StatusSnapshots snapshots) =>
                snapshots.Page is null ? Serve(http, null) : snapshots.Body(StatusPageHtml.IncidentPath(id)) is { } body ? Serve(http, body, policy) : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        foreach (var path in StatuspageApi.Paths.Append(StatusFeed.Path))
        {
            app.MapMethods(path, Methods, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Body(path)))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
    }

    private static IResult Serve(HttpContext http, RenderedBody? body, string? policy = null)
    {
        if (body is null)
        {
            http.Response.Headers.RetryAfter = "2";
            return Results.Text("The status page is being built; try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        AllowLogo(http, body, policy);
        return new BodyResult(body);
    }

    // Every page (not the JSON, feed or style) shows the header with the logo.
    private static void AllowLogo(HttpContext http, RenderedBody body, string? policy)
    {
        if (policy is not null && body.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            http.Response.Headers.ContentSecurityPolicy = policy;
        }
    }

    /// <summary>
    /// Answers the status paths as early as the pipeline allows (before the security headers, which it sets itself; the
    /// status listener's gate has nothing to refuse here, as these paths are its own): a GET or HEAD of a path the snapshot holds is copied out of memory, with no
    /// authentication, routing or antiforgery work, since none of it applies to a public, read-only
    /// body. Anything else (a path spelt otherwise, the page before its first build) goes on to the
    /// mapped routes, which answer the same.
    /// </summary>
    public static IApplicationBuilder UseStatusPageFastPath(this IApplicationBuilder app)
    {
        var snapshots = app.ApplicationServices.GetRequiredService<StatusSnapshots>();
        var config = app.ApplicationServices.GetRequiredService<Configuration.FirebreakConfig>().StatusPage;
        var style = RenderedBody.Of(StatusPageHtml.CssFor(config), "text/css; charset=utf-8");
        var policy = PolicyFor(config);
        return app.Use((context, next) =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                return next(context);
            }

            var path = context.Request.Path.Value;
            var body = path == StylePath ? style : path is null ? null : snapshots.Body(path);
            if (body is null)
            {
                return next(context);
            }

            AllowLogo(context, body, policy);
            Http.SecurityHeaders.ApplyNow(context);
            return WriteAsync(context, body);
        });
    }

    // A logo from elsewhere is the one image the page may load from another origin.
    private static string? PolicyFor(StatusPageConfig config) =>
        config.LogoUrl is { } logo
            ? Http.SecurityHeaders.ContentSecurityPolicy.Replace("img-src 'self' data:", $"img-src 'self' data: {logo.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : null;

    /// <summary>One ready body: its ETag (a match is a 304), its gzip form when the client takes it, nothing to compute.</summary>
    public static Task WriteAsync(HttpContext http, RenderedBody body)
    {
        var response = http.Response;
        var headers = response.Headers;
        headers.ETag = body.ETag;
        headers.CacheControl = PublicCache;
        headers.Vary = AcceptEncoding;
        if (http.Request.Headers.IfNoneMatch.Contains(body.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var bytes = body.Bytes;
        if (http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = Gzip;
            bytes = body.Gzip;
        }

        response.ContentType = body.ContentType;
        response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes, http.RequestAborted).AsTask();
    }

    private const string PublicCache = "public, max-age=10";
    private const string AcceptEncoding = "Accept-Encoding";
    private const string Gzip = "gzip";

    private sealed class BodyResult(RenderedBody body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, body);
    }
}
