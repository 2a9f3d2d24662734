using Firebreak.Server.StatusPage;

namespace Firebreak.Server.Hosting;

/// <summary>
/// While the database has not been reached since start (<see cref="DatabaseReadiness"/>), every route but the public
/// status page and /healthz answers 503 problem+json with Retry-After, before any of them could open a connection and fail with a 500.
/// </summary>
public static class DatabaseReadinessGate
{
    private const string Detail = "The database is unreachable; retrying. The public status page at /status is served from its last snapshot.";

    public static IApplicationBuilder UseDatabaseReadinessGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<DatabaseReadiness>();
        var database = app.ApplicationServices.GetRequiredService<Storage.Database>();
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (readiness.IsReady || StatusPageModule.IsPublic(path) || path.Equals("/healthz", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await next(context);
                }
                catch (Exception e) when (!context.Response.HasStarted && database.IsUnreachable(e))
                {
                    // The database went away after start: the same 503 as before it was first reached, never a 500.
                    context.Response.Clear();
                    await UnavailableAsync(context);
                }

                return;
            }

            await UnavailableAsync(context);
        });
    }

    private static Task UnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unreachable", detail: Detail).ExecuteAsync(context);
    }
}
