using System.Globalization;
using System.Text.Json;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>
/// GET /incidents/{id}/live: new timeline items as Server-Sent Events for the incident room. It
/// reads the stream itself, so an entry added on any node (web, API, CLI, scheduler) shows up.
/// </summary>
public static class LiveTimeline
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(30);

    public static void MapLiveTimeline(this WebApplication app) =>
        app.MapGet("/incidents/{id}/live", StreamAsync)
            .RequireAuthorization(AccessModule.Web)
            .ExcludeFromDescription();

    private static async Task StreamAsync(string id, HttpContext http, IncidentService incidents, IIncidentStore store, CancellationToken ct)
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

        var started = Environment.TickCount64;
        var lastWrite = started;
        try
        {
            while (!ct.IsCancellationRequested && Environment.TickCount64 - started < MaxLifetime.TotalMilliseconds)
            {
                var events = await store.ReadAsync(incidentId, after, 200, ct);
                if (events.Count > 0)
                {
                    var state = await store.GetAsync(incidentId, ct);
                    foreach (var e in events)
                    {
                        var json = JsonSerializer.Serialize(TimelineItemDto.From(e, state!), ApiJson.Default.TimelineItemDto);
                        await http.Response.WriteAsync($"id: {e.Version}\nevent: entry\ndata: {json}\n\n", ct);
                        after = e.Version;
                    }

                    await http.Response.Body.FlushAsync(ct);
                    lastWrite = Environment.TickCount64;
                }
                else if (Environment.TickCount64 - lastWrite > Heartbeat.TotalMilliseconds)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    lastWrite = Environment.TickCount64;
                }

                await Task.Delay(Poll, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left the room.
        }
    }
}
