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

    public static void MapStatusPage(this WebApplication app)
    {
        var config = app.Services.GetRequiredService<Configuration.FirebreakConfig>().StatusPage;
        Subscribers.SubscriberEndpoints.MapSubscriberPages(app);
        var style = RenderedBody.Of(StatusPageHtml.CssFor(config), "text/css; charset=utf-8");

        // A logo from elsewhere is the one image the page may load from another origin.
        var policy = config.LogoUrl is { } logo
            ? Http.SecurityHeaders.ContentSecurityPolicy.Replace("img-src 'self' data:", $"img-src 'self' data: {logo.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : null;
        app.MapGet("/status", (HttpContext http, StatusSnapshots snapshots) =>
            {
                if (policy is not null)
                {
                    http.Response.Headers.ContentSecurityPolicy = policy;
                }

                return Serve(http, snapshots.Page);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapGet("/status/style.css", (HttpContext http) => Serve(http, style))
            .AllowAnonymous()
            .ExcludeFromDescription();
        foreach (var path in StatuspageApi.Paths.Append(StatusFeed.Path))
        {
            app.MapGet(path, (HttpContext http, StatusSnapshots snapshots) => Serve(http, snapshots.Body(path)))
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
