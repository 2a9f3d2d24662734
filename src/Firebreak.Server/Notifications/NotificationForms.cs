using System.Globalization;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Incidents;
using Firebreak.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Notifications;

/// <summary>
/// The web UI's delivery pieces: the room's delivery log as a fragment the script reloads, an admin's
/// retry of a failed delivery, and a channel's test message.
/// </summary>
public static class NotificationForms
{
    public static void MapNotificationForms(this RouteGroupBuilder ui)
    {
        ui.MapGet("/incidents/{id}/deliveries", LogAsync);

        ui.MapPost("/deliveries/{id:long}/retry", async (long id, HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
        {
            var retried = await deliveries.RetryAsync(http.User.Actor(), id, ct);
            return retried.IsSuccess
                ? Forms.Back("/admin/deliveries", $"Delivery {id} to {retried.Value.Channel} is pending again; it is tried at once.")
                : Forms.Back("/admin/deliveries", retried.Error!.Message);
        }).RequireAuthorization(AccessModule.Admin);

        ui.MapPost("/channels/{name}/test", async (string name, HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
        {
            var tested = await deliveries.TestAsync(http.User.Actor(), name, ct);
            if (!tested.IsSuccess)
            {
                return Forms.Back("/admin/channels?error=" + Uri.EscapeDataString(tested.Error!.Message));
            }

            var t = tested.Value;
            var answer = string.Create(CultureInfo.InvariantCulture, $"{t.Channel}: {t.Outcome} in {t.DurationMs} ms{(t.Status is { } s ? $", status {s}" : string.Empty)}.{(t.Detail is { Length: > 0 } d ? $" The receiver answered: {d}" : string.Empty)}");
            return t.Outcome == "delivered"
                ? Forms.Back("/admin/channels", answer)
                : Forms.Back("/admin/channels?error=" + Uri.EscapeDataString(answer));
        }).RequireAuthorization(AccessModule.Admin);
    }

    // The room's delivery log alone, for the script to swap in.
    private static async Task<IResult> LogAsync(string id, HttpContext http, IncidentService incidents, DeliveryService deliveries, NotificationsConfig config, CancellationToken ct)
    {
        if (!IncidentKey.TryParse(id, out var incidentId) || !(await incidents.GetAsync(http.User.Actor(), incidentId, ct)).IsSuccess)
        {
            return Results.NotFound();
        }

        var items = await deliveries.ForIncidentAsync(incidentId, ct);
        IResult fragment = new RazorComponentResult(typeof(DeliveryLog), new Dictionary<string, object?>
        {
            ["IncidentId"] = incidentId,
            ["Items"] = items,
            ["Routed"] = config.Routes.Count > 0,
        });
        return fragment;
    }
}
