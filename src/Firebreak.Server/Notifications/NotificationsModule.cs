using Firebreak.Core.Notifications;
using Firebreak.Server.Access;
using Firebreak.Server.Configuration;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Notifications;

/// <summary>
/// Messages out: the outbox projection queues them with the events that call for them, the dispatcher
/// sends them through the configured channels, and the delivery log shows how each one fared
/// (GET /api/v1/deliveries, the room, the admin's Deliveries page, `firebreak deliveries`).
/// </summary>
public static class NotificationsModule
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => sp.GetRequiredService<FirebreakConfig>().Notifications);
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<ChannelSet>();
        builder.Services.AddSingleton<IProjection, OutboxProjection>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        builder.Services.AddSingleton<DeliveryService>();
    }

    public static void MapNotifications(this RouteGroupBuilder api)
    {
        api.MapGet("/deliveries", async (HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
            {
                var query = DeliveryQuery.Parse(IncidentEndpoints.Values(http.Request.Query));
                if (!query.IsSuccess)
                {
                    return Problems.From(query.Error!);
                }

                var page = await deliveries.ListAsync(http.User.Actor(), query.Value, ct);
                return page.IsSuccess ? Results.Json(page.Value, NotificationsJson.Default.DeliveryPageDto) : Problems.From(page.Error!);
            })
            .WithTags("Notifications")
            .Produces<DeliveryPageDto>()
            .ProducesProblem(400)
            .WithSummary("The delivery log, newest first: filter by incident, channel and state (pending, delivered, failed); without an incident, admins only. Page with before=<nextBefore>.");

        api.MapGet("/deliveries/{id}", (HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
                OneAsync(http, id => deliveries.GetAsync(http.User.Actor(), id, ct)))
            .WithTags("Notifications")
            .Produces<DeliveryDto>()
            .ProducesProblem(404)
            .WithSummary("One delivery with every try: when, how long, the status code or the error.");

        api.MapPost("/deliveries/{id}/retry", (HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
                OneAsync(http, id => deliveries.RetryAsync(http.User.Actor(), id, ct)))
            .RequireAuthorization(AccessModule.Admin)
            .WithTags("Notifications")
            .Produces<DeliveryDto>()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Sends a failed delivery again (admin): it is pending at once, with a fresh give-up time.");

        api.MapGet("/channels", (DeliveryService deliveries) => Results.Json(deliveries.Channels(), NotificationsJson.Default.ChannelListDto))
            .WithTags("Notifications")
            .Produces<ChannelListDto>()
            .WithSummary("The configured channels (never their secrets) and the events routed to each.");

        api.MapPost("/channels/{name}/test", async (string name, HttpContext http, DeliveryService deliveries, CancellationToken ct) =>
            {
                var tested = await deliveries.TestAsync(http.User.Actor(), name, ct);
                return tested.IsSuccess ? Results.Json(tested.Value, NotificationsJson.Default.ChannelTestDto) : Problems.From(tested.Error!);
            })
            .RequireAuthorization(AccessModule.Admin)
            .WithTags("Notifications")
            .Produces<ChannelTestDto>()
            .ProducesProblem(404)
            .WithSummary("Sends a test message to a channel now (admin) and returns the receiver's answer.");
    }

    // A route about one delivery: its id must be a number (else a 400 naming it), then the delivery or the problem.
    private static async Task<IResult> OneAsync(HttpContext http, Func<long, Task<Core.Common.Result<DeliveryDto>>> act)
    {
        if (IncidentEndpoints.RouteNumber(http, "id") is { } invalid)
        {
            return Problems.From(invalid);
        }

        var delivery = await act(long.Parse(http.Request.RouteValues["id"]!.ToString()!, System.Globalization.CultureInfo.InvariantCulture));
        return delivery.IsSuccess ? Results.Json(delivery.Value, NotificationsJson.Default.DeliveryDto) : Problems.From(delivery.Error!);
    }
}
