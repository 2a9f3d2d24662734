using Firebreak.Storage.Incidents;
using Firebreak.Storage.Streams;
using Firebreak.Server.Guardrails;
using Firebreak.Server.Verification;

namespace Firebreak.Server.Incidents;

public static class IncidentsModule
{
    public static void AddIncidents(this WebApplicationBuilder builder)
    {
        // The incident stream type: its codec, then its projections in order (the read model first).
        builder.Services.AddSingleton<IEventCodec, IncidentCodec>();
        builder.Services.AddSingleton<IProjection, IncidentReadModelProjection>();
        builder.Services.AddSingleton<IProjection, IncidentDeadlinesProjection>();
        builder.Services.AddSingleton<IProjection, Investigation.UsualSuspectsProjection>();
        builder.Services.AddSingleton<IIncidentStore>(sp => new IncidentStore(sp.GetRequiredService<StreamStore>()));
        builder.Services.AddSingleton<LiveTimelineHub>();
        builder.Services.AddSingleton<IncidentService>();
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, GuardrailModule>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, VerificationModule>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, Investigation.UsualSuspectsModule>();
    }
}
