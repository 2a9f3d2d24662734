using Firebreak.Core.Access;
using Firebreak.Core.Changes;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Server.Incidents;
using Firebreak.Storage.Changes;

namespace Firebreak.Server.Changes;

/// <summary>An incident's changes: the window looked at and the changes in it, newest first.</summary>
public sealed record IncidentChanges(IncidentState Incident, DateTimeOffset Since, IReadOnlyList<Change> Items);

/// <summary>
/// Change events: recording one (responders, and the intake receivers, which call
/// <see cref="RecordAsync(string, RecordChange, CancellationToken)"/>), listing them by service and time,
/// an incident's "what changed", and the changes triage names.
/// </summary>
public sealed class ChangeService(ChangeStore store, IncidentService incidents, TimeProvider clock)
{
    /// <summary>A person records a change: responders and admins may, viewers may not.</summary>
    public Task<Result<Change>> RecordAsync(Actor actor, RecordChange command, CancellationToken cancellationToken) =>
        actor.CanWrite
            ? RecordAsync(actor.Username, command, cancellationToken)
            : Task.FromResult(Result<Change>.Fail(new Forbidden("Your role (viewer) can read changes but not record them.")));

    /// <summary>
    /// Records a change for whoever sent it, with no account check: for intake receivers. PagerDuty's
    /// <c>POST /v2/change/enqueue</c> maps its routing_key to an integration (recorded by
    /// "integration:name") and that integration's service, and its payload's summary, timestamp, source
    /// and first link to the fields of <paramref name="command"/>.
    /// </summary>
    public async Task<Result<Change>> RecordAsync(string recordedBy, RecordChange command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var decided = Change.Decide(command, now);
        return decided.IsSuccess ? await store.RecordAsync(decided.Value, recordedBy, now, cancellationToken) : decided.Error!;
    }

    public async Task<Result<(ChangeQuery Query, IReadOnlyList<Change> Items)>> ListAsync(string? service, string? since, string? until, string? limit, CancellationToken cancellationToken)
    {
        var query = ChangeQuery.Parse(service, since, until, limit, clock.GetUtcNow());
        return query.IsSuccess ? (query.Value, await store.ListAsync(query.Value, cancellationToken)) : query.Error!;
    }

    /// <summary>What changed for an incident the actor can see (a private one is not found for a non-member).</summary>
    public async Task<Result<IncidentChanges>> ForIncidentAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(actor, incidentId, cancellationToken);
        return incident.IsSuccess ? await ForIncidentAsync(incident.Value, cancellationToken) : incident.Error!;
    }

    /// <summary>What changed for an incident already checked as visible (the room has it in hand).</summary>
    public async Task<IncidentChanges> ForIncidentAsync(IncidentState incident, CancellationToken cancellationToken)
    {
        var since = incident.StartedAt - ChangeWindow.Before;
        return ChangeWindow.ForIncident(incident) is { } query
            ? new IncidentChanges(incident, since, await store.ListAsync(query, cancellationToken))
            : new IncidentChanges(incident, since, []);
    }

    /// <summary>The suggestion with the recent changes to <paramref name="services"/> in it (<see cref="TriageAssistant.WithChanges"/>).</summary>
    public async Task<TriageSuggestion> TriageAsync(TriageSuggestion suggestion, TriageAnswers answers, IEnumerable<string> services, CancellationToken cancellationToken) =>
        ChangeWindow.ForTriage(services, clock.GetUtcNow()) is { } query
            ? TriageAssistant.WithChanges(suggestion, answers, await store.ListAsync(query, cancellationToken))
            : suggestion;
}
