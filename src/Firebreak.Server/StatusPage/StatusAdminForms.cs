using System.Globalization;
using Firebreak.Core.Common;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Access;
using Firebreak.Server.Web;

namespace Firebreak.Server.StatusPage;

/// <summary>The status admin page's forms: the same requests the API takes, and back to the page with what happened.</summary>
public static class StatusAdminForms
{
    private const string Page = "/admin/status";

    public static void MapStatusAdminForms(this RouteGroupBuilder ui)
    {
        ui.MapPost("/status/components/{name}/status", SetAsync);
        ui.MapPost("/status/corrections", CorrectAsync).RequireAuthorization(AccessModule.Admin);
        ui.MapPost("/maintenances", ScheduleAsync);
        ui.MapPost("/maintenances/{id:long}/progress", ProgressAsync);
        ui.MapPost("/maintenances/{id:long}/cancel", CancelAsync);
        ui.MapGet("/status/subscribers.csv", ExportAsync).RequireAuthorization(AccessModule.Admin);
        ui.MapPost("/status/subscribers/{id:long}/remove", RemoveAsync).RequireAuthorization(AccessModule.Admin);
    }

    private static async Task<IResult> SetAsync(string name, HttpContext http, IFormCollection form, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct)
    {
        var set = await Shown(await service.SetComponentAsync(http.User.Actor(), name, SetComponentStatusRequest.FromForm(form.Field).ToCommand(), ct), snapshots, ct);
        return set.IsSuccess
            ? Forms.Back(Page, set.Value.Record.Hand is { } h ? $"{set.Value.Component.Name} is set to {Impacts.Words(h.Status)} by hand." : $"{set.Value.Component.Name} follows its incidents and maintenance again.")
            : Failed(set.Error!);
    }

    private static async Task<IResult> CorrectAsync(HttpContext http, IFormCollection form, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct)
    {
        var command = new CorrectUptime(Time(form.Field("from")), Time(form.Field("to")), form.Field("status"), form.Field("reason"));
        var corrected = await Shown(await service.CorrectUptimeAsync(http.User.Actor(), form.Field("component") ?? string.Empty, command, ct), snapshots, ct);
        return corrected.IsSuccess ? Forms.Back(Page, $"Corrected the uptime history of {corrected.Value.Component.Name}.") : Failed(corrected.Error!);
    }

    private static async Task<IResult> ScheduleAsync(HttpContext http, IFormCollection form, StatusAdminService service, CancellationToken ct)
    {
        var command = new ScheduleMaintenance(form.Field("title"), form.Field("message"), [.. form["components"].OfType<string>()], Time(form.Field("startsAt")), Time(form.Field("endsAt")));
        var scheduled = await service.ScheduleAsync(http.User.Actor(), command, ct);
        return scheduled.IsSuccess ? Forms.Back(Page, $"Scheduled {scheduled.Value.Key}; it starts and completes at its times by itself.") : Failed(scheduled.Error!);
    }

    private static async Task<IResult> ProgressAsync(long id, HttpContext http, IFormCollection form, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct)
    {
        var moved = await Shown(await service.ChangeAsync(http.User.Actor(), id.ToString(CultureInfo.InvariantCulture), null, new ProgressMaintenance(form.Field("status"), form.Field("message")), ct), snapshots, ct);
        return moved.IsSuccess ? Forms.Back(Page, $"{moved.Value.Key} is {Maintenance.Words(moved.Value.Status).ToLowerInvariant()}.") : Failed(moved.Error!);
    }

    private static async Task<IResult> CancelAsync(long id, HttpContext http, IFormCollection form, StatusAdminService service, StatusSnapshots snapshots, CancellationToken ct)
    {
        var cancelled = await Shown(await service.ChangeAsync(http.User.Actor(), id.ToString(CultureInfo.InvariantCulture), null, new CancelMaintenance(form.Field("reason")), ct), snapshots, ct);
        return cancelled.IsSuccess ? Forms.Back(Page, $"{cancelled.Value.Key} is cancelled.") : Failed(cancelled.Error!);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, Subscribers.SubscriptionService subscriptions, CancellationToken ct)
    {
        var all = await subscriptions.ListAsync(http.User.Actor(), ct);
        if (!all.IsSuccess)
        {
            return Failed(all.Error!);
        }

        http.Response.Headers.ContentDisposition = "attachment; filename=\"subscribers.csv\"";
        return Results.Text(Subscribers.SubscriptionService.Csv(all.Value), "text/csv; charset=utf-8");
    }

    private static async Task<IResult> RemoveAsync(long id, HttpContext http, Subscribers.SubscriptionService subscriptions, CancellationToken ct)
    {
        var removed = await subscriptions.RemoveAsync(http.User.Actor(), id, ct);
        return removed.IsSuccess ? Forms.Back(Page, $"Subscriber {id} is removed.") : Failed(removed.Error!);
    }

    // A change the page shows: the snapshot is rebuilt before the page is read again, so "Shown now" and
    // the public page already say it (the feed would within a moment).
    private static async Task<Result<T>> Shown<T>(Result<T> outcome, StatusSnapshots snapshots, CancellationToken ct)
    {
        if (outcome.IsSuccess)
        {
            await snapshots.RebuildAsync(ct);
        }

        return outcome;
    }

    private static IResult Failed(Error error) => Forms.Back($"{Page}?error={Uri.EscapeDataString(error.Message)}");

    // A datetime-local field is read as UTC, as the form says; anything else is left for the decision to name.
    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
}
