using System.Text;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// On a --status-urls listener only the public status page answers: its paths, the subscription pages and /healthz, with / sent to /status.
/// Everything else is a plain 404 there (no sign-in page, no API, no web UI, no OpenAPI description), so the
/// listener can be opened to the internet while the main one stays inside.
/// </summary>
public static class StatusListenerGate
{
    private static readonly byte[] NotFound = Encoding.UTF8.GetBytes("Not found\n");
    private static readonly byte[] MethodNotAllowed = Encoding.UTF8.GetBytes("Only GET and HEAD answer here\n");

    public static IApplicationBuilder UseStatusListenerGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<StatusListenerFeature>() is null)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path.Value ?? "/";

        // The subscription pages (sign-up, confirm, choose, unsubscribe) belong to the public side too, forms included.
        if (StatusPageModule.IsSubscription(path))
        {
            await next(context);
            return;
        }

        // Otherwise read-only: a form post or an API call has nothing to reach here, and no error page of the web UI is shown for it.
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await PlainAsync(context, StatusCodes.Status405MethodNotAllowed, MethodNotAllowed);
            return;
        }

        if (path is "/" or "")
        {
            context.Response.Redirect(StatusSnapshots.PagePath);
            return;
        }

        if (StatusPageModule.IsPublic(path) || path.Equals("/healthz", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        await PlainAsync(context, StatusCodes.Status404NotFound, NotFound);
    });

    private static async Task PlainAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
