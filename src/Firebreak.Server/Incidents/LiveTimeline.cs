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

    /// <summary>How often an open stream checks that its session, account and access still hold.</summary>
    public static readonly TimeSpan AccessRecheck = TimeSpan.FromSeconds(3);

    public static void MapLiveTimeline(this WebApplication app) =>
        app.MapGet("/incidents/{id}/live", StreamAsync)
            .RequireAuthorization(AccessModule.Web)
            .ExcludeFromDescription();

    private static async Task StreamAsync(string id, HttpContext http, IncidentService incidents, IIncidentStore store, LiveTimelineHub hub, SessionService sessions, CancellationToken ct)
    {
        var known = IncidentKey.TryParse(id, out var incidentId);
        var opened = known ? await incidents.GetAsync(http.User.Actor(), incidentId, ct) : default;
        if (!known || !opened.IsSuccess)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var lease = hub.Admit(http.User.Actor().UserId);
        if (lease is null)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = "30";
            await http.Response.WriteAsync($"This account has {LiveTimelineHub.MaxStreamsPerAccount} live timelines open already; close a room and try again.", ct);
            return;
        }

        var access = new AccessCheck(http.User, incidentId, opened.Value.Private, sessions, incidents);

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
            after = await CatchUpAsync(http, store, incidents, incidentId, after, lifetime.Token);
            var quiet = 0L;
            while (!lifetime.IsCancellationRequested)
            {
                var woke = await WaitAsync(watcher, lifetime.Token);
                if (!await access.HoldsAsync(delivering: woke, lifetime.Token))
                {
                    // Signed out, disabled, a changed role, or no longer able to see the incident:
                    // the stream ends, and the browser's reconnect is refused.
                    await http.Response.WriteAsync("event: ended\ndata: access\n\n", lifetime.Token);
                    await http.Response.Body.FlushAsync(lifetime.Token);
                    return;
                }

                if (!woke)
                {
                    quiet += (long)AccessRecheck.TotalMilliseconds;
                    if (quiet >= (long)Heartbeat.TotalMilliseconds)
                    {
                        quiet = 0;
                        await http.Response.WriteAsync(": keep-alive\n\n", lifetime.Token);
                        await http.Response.Body.FlushAsync(lifetime.Token);
                    }

                    continue;
                }

                if (watcher.TakeBehind())
                {
                    after = await CatchUpAsync(http, store, incidents, incidentId, after, lifetime.Token);
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

    /// <summary>Waits for frames; false when the access re-check interval passed without any.</summary>
    private static async Task<bool> WaitAsync(LiveWatcher watcher, CancellationToken ct)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        beat.CancelAfter(AccessRecheck);
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

    private static async Task<long> CatchUpAsync(HttpContext http, IIncidentStore store, IncidentService incidents, long incidentId, long after, CancellationToken ct)
    {
        while (true)
        {
            var events = await store.ReadAsync(incidentId, after, CatchUpPage, ct);
            if (events.Count == 0)
            {
                return after;
            }

            var state = await store.GetAsync(incidentId, ct);
            foreach (var item in incidents.Items(state!, events))
            {
                await http.Response.WriteAsync(LiveTimelineHub.Frame(item), ct);
                after = item.Version;
            }

            await http.Response.Body.FlushAsync(ct);
            if (events.Count < CatchUpPage)
            {
                return after;
            }
        }
    }

    /// <summary>
    /// Whether an open stream may go on: every <see cref="AccessRecheck"/>, and before each delivery
    /// of a private incident, its session must still be live with the same account and role (through
    /// the session cache, so all the streams of one browser cost one read per check at most), and a
    /// private incident must still be visible to it.
    /// </summary>
    private sealed class AccessCheck(System.Security.Claims.ClaimsPrincipal user, long incidentId, bool isPrivate, SessionService sessions, IncidentService incidents)
    {
        private readonly Core.Access.Actor _actor = user.Actor();
        private long _checkedAt = Environment.TickCount64;

        public async Task<bool> HoldsAsync(bool delivering, CancellationToken ct)
        {
            if (!(delivering && isPrivate) && Environment.TickCount64 - _checkedAt < (long)AccessRecheck.TotalMilliseconds)
            {
                return true;
            }

            _checkedAt = Environment.TickCount64;
            var grant = await sessions.CurrentAsync(user, ct);
            if (grant is null || grant.User.Id != _actor.UserId || grant.User.Role != _actor.Role)
            {
                return false;
            }

            return !isPrivate || (await incidents.GetAsync(_actor, incidentId, ct)).IsSuccess;
        }
    }
}
