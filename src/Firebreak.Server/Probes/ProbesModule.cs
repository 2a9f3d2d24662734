using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core.Common;
using Firebreak.Server.Http;
using Firebreak.Storage.Probes;

namespace Firebreak.Server.Probes;

public sealed record ProbeRunDto(DateTimeOffset At, bool Passed, int? Status, int ElapsedMs, string Detail);

public sealed record ProbeHourDto(DateTimeOffset Hour, int Checks, int Failures, double MeanMs, int MaxMs);

public sealed record ProbeDto(string Name, string Service, string Url, int IntervalSeconds, string Status, ProbeRunDto? Last, double? Uptime24h, IReadOnlyList<ProbeRunDto>? Recent, IReadOnlyList<ProbeHourDto>? Hours);

public sealed record ProbeListDto(IReadOnlyList<ProbeDto> Items);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProbeDto))]
[JsonSerializable(typeof(ProbeListDto))]
public sealed partial class ProbeJson : JsonSerializerContext;

/// <summary>Probes: the runner under the scheduler's lease, their results, and /api/v1/probes.</summary>
public static class ProbesModule
{
    public static void AddProbes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProbeStore>();
        builder.Services.AddSingleton<ProbeIntegrations>();
        builder.Services.AddSingleton<ProbeRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProbeRunner>());
    }

    public static void MapProbes(this RouteGroupBuilder api)
    {
        var probes = api.MapGroup("/probes").WithTags("Probes");
        probes.MapGet("", List)
            .Produces<ProbeListDto>()
            .WithSummary("Every probe with its last run and its uptime over the last 24 hours (up, down, or unknown before its first run).");
        probes.MapGet("/{name}", Get)
            .Produces<ProbeDto>().ProducesProblem(404)
            .WithSummary("One probe with its recent runs (newest first, at most 100) and its hourly history over the last 7 days.");
    }

    private static async Task<ProbeDto> DtoAsync(Configuration.ProbeConfig probe, ProbeStore store, DateTimeOffset now, bool detail, CancellationToken ct)
    {
        var recent = await store.RecentAsync(probe.Name, detail ? 100 : 1, ct);
        var day = await store.HoursAsync(probe.Name, now.AddHours(-24), ct);
        var checks = day.Sum(h => h.Checks);
        var last = recent.Count == 0 ? null : Run(recent[0]);
        var hours = detail ? (await store.HoursAsync(probe.Name, now.AddDays(-7), ct)).Select(h => new ProbeHourDto(h.Hour, h.Checks, h.Failures, h.Checks == 0 ? 0 : (double)h.TotalMs / h.Checks, h.MaxMs)).ToList() : null;
        return new ProbeDto(probe.Name, probe.Service, probe.Url.ToString(), (int)probe.Interval.TotalSeconds, last is null ? "unknown" : last.Passed ? "up" : "down", last,
            checks == 0 ? null : Math.Round(100.0 * (checks - day.Sum(h => h.Failures)) / checks, 3), detail ? [.. recent.Select(Run)] : null, hours);
    }

    private static ProbeRunDto Run(ProbeResult r) => new(r.At, r.Passed, r.Status, r.ElapsedMs, r.Detail);

    private static async Task<IResult> List(ProbeRunner runner, ProbeStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var items = new List<ProbeDto>();
        foreach (var probe in runner.Probes)
        {
            items.Add(await DtoAsync(probe, store, now, detail: false, ct));
        }

        return Results.Json(new ProbeListDto(items), ProbeJson.Default.ProbeListDto);
    }

    private static async Task<IResult> Get(string name, ProbeRunner runner, ProbeStore store, TimeProvider clock, CancellationToken ct) =>
        runner.Probes.FirstOrDefault(p => p.Name == name) is { } probe
            ? Results.Json(await DtoAsync(probe, store, clock.GetUtcNow(), detail: true, ct), ProbeJson.Default.ProbeDto)
            : Problems.From(new NotFound($"There is no probe '{Text.Clip(name, 60)}'; probes are listed under services[].probes in firebreak.yaml."));
}
