using System.Globalization;
using Firebreak.Core.Alerts;
using Firebreak.Server.Access;
using Firebreak.Server.Web;

namespace Firebreak.Server.Alerts;

/// <summary>The alert group page's forms: the same commands the API takes, then back to the page with what happened.</summary>
public static class AlertForms
{
    public static void MapAlertForms(this RouteGroupBuilder ui)
    {
        ui.MapPost("/alerts/review", ReviewAsync).RequireAuthorization(AccessModule.Write);
        var group = ui.MapGroup("/alerts/{id:long}").RequireAuthorization(AccessModule.Write);
        group.MapPost("/acknowledge", (long id, HttpContext http, IFormCollection form, AlertService service, CancellationToken ct) =>
            ChangeAsync(id, http, form, service, new AcknowledgeGroup(form.Field("reason")), "Acknowledged.", ct));
        group.MapPost("/resolve", (long id, HttpContext http, IFormCollection form, AlertService service, CancellationToken ct) =>
            ChangeAsync(id, http, form, service, new ResolveGroup(form.Field("reason")), "Resolved.", ct));
        group.MapPost("/silence", (long id, HttpContext http, IFormCollection form, AlertService service, CancellationToken ct) =>
            ChangeAsync(id, http, form, service, new SilenceGroup(form.Field("for"), form.Field("reason")), "Silenced.", ct));
    }

    private static async Task<IResult> ReviewAsync(HttpContext http, IFormCollection form, AlertService service, CancellationToken ct)
    {
        var request = new RuleMarkRequest { Rule = form.Field("rule"), Month = form.Field("month"), Verdict = form.Field("verdict"), Note = form.Field("note") };
        var page = "/alerts/review" + (request.Month is { Length: > 0 } m ? "?month=" + Uri.EscapeDataString(m) : string.Empty);
        var marked = await service.MarkRuleAsync(http.User.Actor(), request, ct);
        return marked.IsSuccess
            ? Forms.Back(page, $"{marked.Value.Rule}: {marked.Value.Verdict}.")
            : Forms.Back(page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + Uri.EscapeDataString(marked.Error!.Message));
    }

    private static async Task<IResult> ChangeAsync(long id, HttpContext http, IFormCollection form, AlertService service, IAlertGroupCommand command, string notice, CancellationToken ct)
    {
        long? version = long.TryParse(form.Field("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var page = $"/alerts/{id.ToString(CultureInfo.InvariantCulture)}";
        var outcome = await service.ChangeAsync(http.User.Actor(), id, version, command, ct);
        return outcome.IsSuccess ? Forms.Back(page, notice) : Forms.Back($"{page}?error={Uri.EscapeDataString(outcome.Error!.Message)}");
    }
}
