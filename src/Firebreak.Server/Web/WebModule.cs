using Microsoft.AspNetCore.Diagnostics;
using Firebreak.Server.Access;
using Firebreak.Server.Evidence;
using Firebreak.Server.Incidents;
using Firebreak.Server.Triage;

namespace Firebreak.Server.Web;

/// <summary>
/// The responder web UI: server-rendered Razor components (static SSR) whose plain HTML forms post
/// to small endpoints that call the same application services as the API, then redirect back.
/// </summary>
public static class WebModule
{
    public static void AddWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "firebreak-af";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__af";
        });
    }

    public static void MapWeb(this WebApplication app)
    {
        app.Use(RefuseFormsWithoutAntiforgery);
        app.MapWebAssets();
        app.MapGet("/", () => Results.Redirect("/incidents")).ExcludeFromDescription();
        app.MapAccessForms();
        var ui = app.MapGroup("/ui").RequireAuthorization(AccessModule.Web).ExcludeFromDescription();
        ui.MapIncidentForms();
        ui.MapTriageForms();
        Notifications.NotificationForms.MapNotificationForms(ui);
        StatusPage.StatusAdminForms.MapStatusAdminForms(ui);
        Postmortems.PostmortemForms.MapPostmortemForms(ui);
        Alerts.AlertForms.MapAlertForms(ui);
        Alerts.IntegrationForms.MapIntegrationForms(ui);
        ui.MapEvidenceForms(app.Services.GetRequiredService<Configuration.FirebreakConfig>().MaxEvidenceBytes);
        app.MapLiveTimeline();
        app.MapRazorComponents<App>();
    }

    /// <summary>
    /// An answer without a body (an unknown route, a wrong method): a browser asking for a page
    /// outside the API gets the "not found" page; everyone else gets problem JSON.
    /// </summary>
    public static async Task StatusPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode == StatusCodes.Status404NotFound && WantsPage(http.Request))
        {
            await Forms.Page<NotFoundPage>(new Dictionary<string, object?>(), StatusCodes.Status404NotFound).ExecuteAsync(http);
            return;
        }

        // Problem JSON whatever the Accept header says (a browser's "text/html" included).
        var status = http.Response.StatusCode;
        await Results.Problem(detail: Http.Problems.DefaultDetail(http, status), statusCode: status).ExecuteAsync(http);
    }

    /// <summary>A browser asking for a page outside the API: it gets HTML pages, everyone else problem JSON.</summary>
    internal static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/openapi") &&
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A form posted without a valid antiforgery token gets a page saying so (400), rather than the
    /// exception reading the form would throw.
    /// </summary>
    private static async Task RefuseFormsWithoutAntiforgery(HttpContext http, RequestDelegate next)
    {
        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            await Forms.Page<FormRefusedPage>(new Dictionary<string, object?>(), StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
