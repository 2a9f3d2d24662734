namespace Firebreak.Server.Incidents;

public static class IncidentsModule
{
    public static void AddIncidents(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IncidentService>();
}
