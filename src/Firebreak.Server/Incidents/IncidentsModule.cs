namespace Firebreak.Server.Incidents;

public static class IncidentsModule
{
    public static void AddIncidents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentService>();
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, GuardrailModule>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule, VerificationModule>();
    }
}
