using Firebreak.Server.Access;

namespace Firebreak.Server.Operations;

/// <summary>What an operator reads about the running server.</summary>
public static class OperationsModule
{
    public static void AddOperations(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<ServerStats>();

    public static void MapOperations(this RouteGroupBuilder api) =>
        api.MapGet("/admin/stats", (ServerStats stats) => Results.Json(stats.Read(), OperationsJson.Default.StatsDto))
            .RequireAuthorization(AccessModule.Admin)
            .WithTags("Operations")
            .Produces<StatsDto>()
            .WithSummary("This server's counters since it started: SQL commands sent, the change feed's position, open live timelines (admin).");
}
