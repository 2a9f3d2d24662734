using Firebreak.Core.Audit;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Storage.Audit;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Audit;

/// <summary>
/// The audit log: security-relevant actions with actor, time and client address, read by admins
/// at GET /api/v1/audit, on the Audit page and with `firebreak audit`.
/// </summary>
public static class AuditModule
{
    public static void AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IProjection, IncidentAuditProjection>();
    }

    /// <summary>
    /// Every request's writes carry the client's address, for the audit entries they record; behind a
    /// proxy on this machine it is the one the proxy forwarded (the forwarded-headers middleware
    /// believes X-Forwarded-For from loopback only).
    /// </summary>
    public static void UseWriteOrigin(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            var address = http.Connection.RemoteIpAddress;
            WriteOrigin.Current = address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
            await next(http);
        });

    public static void MapAudit(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (HttpContext http, AuditLog log, CancellationToken ct) =>
            {
                var query = AuditQuery.Parse(IncidentEndpoints.Values(http.Request.Query));
                if (!query.IsSuccess)
                {
                    return Problems.From(query.Error!);
                }

                var entries = await log.ListAsync(query.Value, ct);
                return Results.Json(AuditPageDto.From(entries, query.Value), AuditJson.Default.AuditPageDto);
            })
            .RequireAuthorization(AccessModule.Admin)
            .WithTags("Audit")
            .Produces<AuditPageDto>()
            .ProducesProblem(400)
            .WithSummary("The audit log, newest first (admin): filter by actor and kind; page with before=<the previous page's next>.");
}
