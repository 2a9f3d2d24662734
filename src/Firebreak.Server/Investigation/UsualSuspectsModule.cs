using Firebreak.Core.Changes;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Server.Configuration;
using Firebreak.Server.Guardrails;
using Firebreak.Server.Incidents;
using Firebreak.Server.Scheduling;
using Firebreak.Storage.Changes;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Scheduling;

namespace Firebreak.Server.Investigation;

/// <summary>
/// Opens the usual-suspects checklist an incident is due, with the changes recorded to its services in
/// the "what changed" window. Idempotent: Core opens it only while the incident is due one, so a row run
/// twice, or one for an incident lowered again meanwhile, records nothing more.
/// </summary>
public sealed class UsualSuspectsModule(IIncidentStore incidents, ChangeStore changes, FirebreakConfig config) : IScheduledModule
{
    public string Purpose => UsualSuspectsProjection.Purpose;

    public async Task<DateTimeOffset?> RunAsync(ScheduledJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (IncidentDeadlinesProjection.IncidentOf(job) is not { } id
            || await incidents.GetAsync(id, cancellationToken) is not { } incident
            || !Lifecycle.IsActive(incident.Status)
            || !UsualSuspects.Due(incident, config.Severities))
        {
            return null;
        }

        // An incident without services has no window to look in; Core says so in the items.
        IReadOnlyList<Change> found = ChangeWindow.ForIncident(incident) is { } query ? await changes.ListAsync(query, cancellationToken) : [];
        await incidents.AppendAsync(
            id,
            null,
            state => Incident.Decide(state, new OpenUsualSuspects(found), config.DecisionContext(GuardrailModule.SystemActor, now)),
            GuardrailModule.SystemActor,
            now,
            cancellationToken);
        return null;
    }
}
