using Firebreak.Server.Access;
using Firebreak.Server.Web;

namespace Firebreak.Server.Alerts;

/// <summary>The Integrations page's forms: the same requests the API takes; a new key is shown on the page this once, never put in a URL.</summary>
public static class IntegrationForms
{
    public static void MapIntegrationForms(this RouteGroupBuilder ui)
    {
        var admin = ui.MapGroup("/admin/integrations").RequireAuthorization(AccessModule.Admin);
        admin.MapPost("", CreateAsync);
        admin.MapPost("/{name}/rotate-key", RotateAsync);
        admin.MapPost("/{name}/remove", RemoveAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IFormCollection form, IntegrationService service, CancellationToken ct)
    {
        var request = new IntegrationRequest { Name = form.Field("name"), Source = form.Field("source"), Service = form.Field("service") };
        if (form.Field("severity") is { Length: > 0 } severity)
        {
            request.Declare = [new IntegrationDeclareRequest { Severity = severity, Status = form.Field("status") }];
        }

        var made = await service.CreateAsync(http.User.Actor(), request.ToCommand(), ct);
        return made.IsSuccess
            ? Forms.Page<IntegrationsPage>(new Dictionary<string, object?> { ["Made"] = made.Value })
            : Forms.Error<IntegrationsPage>(made.Error!, new Dictionary<string, object?> { ["Error"] = made.Error!.Message });
    }

    private static async Task<IResult> RotateAsync(string name, HttpContext http, IFormCollection _, IntegrationService service, CancellationToken ct)
    {
        var rotated = await service.RotateAsync(http.User.Actor(), name, ct);
        return rotated.IsSuccess
            ? Forms.Page<IntegrationsPage>(new Dictionary<string, object?> { ["Made"] = rotated.Value })
            : Forms.Error<IntegrationsPage>(rotated.Error!, new Dictionary<string, object?> { ["Error"] = rotated.Error!.Message });
    }

    private static async Task<IResult> RemoveAsync(string name, HttpContext http, IFormCollection _, IntegrationService service, CancellationToken ct)
    {
        var removed = await service.RemoveAsync(http.User.Actor(), name, ct);
        return removed.IsSuccess
            ? Forms.Back("/admin/integrations", $"Removed the integration '{removed.Value.Name}'.")
            : Forms.Error<IntegrationsPage>(removed.Error!, new Dictionary<string, object?> { ["Error"] = removed.Error!.Message });
    }
}
