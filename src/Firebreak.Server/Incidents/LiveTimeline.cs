using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>
/// GET /incidents/{id}/live: new timeline items as Server-Sent Events for the incident room. Driven
/// by the change feed through <see cref="LiveTimelineHub"/>, so an entry added on any node (web,
/// API, CLI, scheduler; on PostgreSQL also another server) shows up without polling the database.
/// </summary>
public static class LiveTimeline
{
    private const int CatchUpPage = 200;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(30);

    public static void MapLiveTimeline(this WebApplication app) =>
        app.MapGet("/incidents/{id}/live", StreamAsync)
            .RequireAuthorization(AccessModule.Web)
            .ExcludeFromDescription();

    private static async Task StreamAsync(string id, HttpContext http, IncidentService incidents, IIncidentStore store, LiveTimelineHub hub, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId) || !(await incidents.GetAsync(http.User.Actor(), incidentId, ct)).IsSuccess)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // A reconnecting EventSource sends the last id it saw; it wins over the page's starting point.
        var after = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var seen) ? seen
            : long.TryParse(http.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync(": live\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        // Watch first, then read what the page has not seen: nothing committed in between is missed.
        using var watcher = hub.Watch(incidentId);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lifetime.CancelAfter(MaxLifetime);
        try
        {
            after = await CatchUpAsync(http, store, incidentId, after, lifetime.Token);
            while (!lifetime.IsCancellationRequested)
            {
                if (!await WaitAsync(watcher, lifetime.Token))
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", lifetime.Token);
                    await http.Response.Body.FlushAsync(lifetime.Token);
                    continue;
                }

                if (watcher.TakeBehind())
                {
                    after = await CatchUpAsync(http, store, incidentId, after, lifetime.Token);
                    continue;
                }

                var wrote = false;
                while (watcher.Frames.TryRead(out var frame))
                {
                    if (frame.Version > after)
                    {
                        await http.Response.WriteAsync(frame.Text, lifetime.Token);
                        after = frame.Version;
                        wrote = true;
                    }
                }

                if (wrote)
                {
                    await http.Response.Body.FlushAsync(lifetime.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left the room, or the stream reached its lifetime (the browser reconnects).
        }
    }

    /// <summary>Waits for frames; false when the heartbeat interval passed without any.</summary>
    private static async Task<bool> WaitAsync(LiveWatcher watcher, CancellationToken ct)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        beat.CancelAfter(Heartbeat);
        try
        {
            if (!await watcher.Frames.WaitToReadAsync(beat.Token))
            {
                // The watcher was closed: end the stream.
                throw new OperationCanceledException(ct);
            }

            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<long> CatchUpAsync(HttpContext http, IIncidentStore store, long incidentId, long after, CancellationToken ct)
    {
        while (true)
        {
            var events = await store.ReadAsync(incidentId, after, CatchUpPage, ct);
            if (events.Count == 0)
            {
                return after;
            }

            var state = await store.GetAsync(incidentId, ct);
            foreach (var e in events)
            {
                await http.Response.WriteAsync(LiveTimelineHub.Frame(e, state!), ct);
                after = e.Version;
            }

            await http.Response.Body.FlushAsync(ct);
            if (events.Count < CatchUpPage)
            {
                return after;
            }
        }
    }
}
