using Firebreak.Server.Access;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Operations;

/// <summary>What an operator reads about the running server.</summary>
public static class OperationsModule
{
    public static void AddOperations(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<ServerStats>();

    public static void MapOperations(this RouteGroupBuilder api)
    {
        // Listening starts now, so that the counts are the server's since it started, not since the first stats request.
        _ = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<ServerStats>();
        var admin = api.MapGroup("/admin").RequireAuthorization(AccessModule.Admin).WithTags("Operations");
        admin.MapGet("/stats", (ServerStats stats) => Results.Json(stats.Read(), OperationsJson.Default.StatsDto))
            .Produces<StatsDto>()
            .WithSummary("This server's counters since it started: SQL commands sent, the change feed's position, open live timelines (admin).");

        admin.MapPost("/rebuild", RebuildAsync)
            .Produces<RebuildDto>()
            .WithSummary("Fold every incident's events again and rewrite its read model, snapshot and report figures (admin); the events are not touched.");
    }

    private static async Task<IResult> RebuildAsync(IIncidentStore incidents, Storage.Reports.IncidentFiguresStore figures, CancellationToken ct)
    {
        var rebuilt = await incidents.RebuildAsync(ct);
        await figures.RefillAsync(ct);
        return Results.Json(new RebuildDto(rebuilt), OperationsJson.Default.RebuildDto);
    }
}
