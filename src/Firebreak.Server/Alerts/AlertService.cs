using System.Globalization;
using Firebreak.Core.Access;
using Firebreak.Core.Alerts;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Configuration;
using Firebreak.Storage.Alerts;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Alerts;

/// <summary>
/// The alert slice's application service: intake for every receiver, the group list and commands for
/// people, and the scheduler's auto-declare. The rules are in Core (<see cref="AlertGroup"/>, <see cref="AlertPolicy"/>).
/// </summary>
public sealed class AlertService(AlertStore alerts, IIncidentStore incidents, FirebreakConfig config, TimeProvider clock)
{
    public const string SystemActor = "firebreak";

    public AlertConfig Config => config.Alerts;

    /// <summary>Stores one request's alerts for an integration; the answer comes once they are durable.</summary>
    public Task<Result<IntakeOutcome>> IntakeAsync(AlertIntegration integration, IntakeBatch batch, CancellationToken cancellationToken) =>
        alerts.IntakeAsync(integration.Name, integration.Policy, batch, "integration:" + integration.Name, clock.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<AlertGroupState>> ListAsync(AlertGroupQuery query, CancellationToken cancellationToken) => alerts.ListAsync(query, cancellationToken);

    public async Task<Result<(AlertGroupState Group, IReadOnlyList<AlertRow> Alerts)>> GetAsync(long id, CancellationToken cancellationToken)
    {
        var group = await alerts.GetAsync(id, cancellationToken);
        if (group is null)
        {
            return new NotFound($"There is no alert group AG-{id.ToString(CultureInfo.InvariantCulture)}.");
        }

        return (group, await alerts.AlertsAsync(id, 500, cancellationToken));
    }

    /// <summary>A page of a group's alerts in fingerprint order, after the cursor (empty: from the first).</summary>
    public async Task<Result<IReadOnlyList<AlertRow>>> AlertPageAsync(long id, string after, int limit, CancellationToken cancellationToken)
    {
        if (await alerts.GetAsync(id, cancellationToken) is null)
        {
            return new NotFound($"There is no alert group AG-{id.ToString(CultureInfo.InvariantCulture)}.");
        }

        return Result<IReadOnlyList<AlertRow>>.Ok(await alerts.AlertPageAsync(id, after, limit, cancellationToken));
    }

    public Task<Result<AlertGroupState>> ChangeAsync(Actor actor, long id, long? expectedVersion, IAlertGroupCommand command, CancellationToken cancellationToken) =>
        alerts.ChangeAsync(id, expectedVersion, command, actor.Username, clock.GetUtcNow(), cancellationToken);

    /// <summary>Whether <paramref name="actor"/> may see the incident a group is attached to (a private one only for its members).</summary>
    public async Task<long?> VisibleIncidentAsync(Actor actor, AlertGroupState group, CancellationToken cancellationToken)
    {
        if (group.IncidentId is not { } id)
        {
            return null;
        }

        var incident = await incidents.GetAsync(id, cancellationToken);
        return incident is not null && actor.CanSee(incident) ? id : null;
    }

    /// <summary>
    /// The scheduler's work for a group that opened or fired again: attach it to its service's open incident,
    /// or, when an auto-declare rule matches, declare one and attach it. A silenced, flapping or resolved group,
    /// or one whose incident is still open, does nothing; run twice, it attaches once (the second run finds
    /// the incident the first declared).
    /// </summary>
    public async Task DeclareAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var group = await alerts.GetAsync(id, cancellationToken);
        if (group is null || group.Status == AlertGroupStatus.Resolved || group.IsFlapping || group.IsSilenced(now))
        {
            return;
        }

        if (group.IncidentId is { } current && await incidents.GetAsync(current, cancellationToken) is { } attached && Lifecycle.IsActive(attached.Status))
        {
            return;
        }

        var integration = config.Alerts.Named(group.Integration);
        var rule = integration?.Policy.DeclareRuleFor(group.Labels);
        var open = group.Service is { } service
            ? (await incidents.ListAsync(new IncidentQuery { Service = service, Active = true, Limit = 1 }, new Viewer(SystemActor, SeesAll: true), cancellationToken)).Items.FirstOrDefault()
            : null;
        if (open is not null)
        {
            await AttachAsync(group, open.Id, declared: false, now, cancellationToken);
            return;
        }

        if (rule is null)
        {
            return;
        }

        var command = new DeclareIncident(
            group.Title,
            rule.Severity,
            $"Declared from the alert group {group.Name} ({group.Integration}): {group.Title}",
            null,
            group.Service is null ? [] : [group.Service],
            group.OpenedAt,
            Private: false,
            rule.Triage ? "triage" : "investigating",
            null);
        var decision = Incident.Decide(null, command, config.DecisionContext(SystemActor, now));
        if (!decision.IsSuccess)
        {
            return;
        }

        var created = await incidents.CreateAsync(decision.Value, SystemActor, now, cancellationToken);
        await AttachAsync(group, created.State.Id, declared: true, now, cancellationToken);
    }

    private async Task AttachAsync(AlertGroupState group, long incidentId, bool declared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attached = await alerts.ChangeAsync(group.Id, null, new AttachGroup(incidentId, declared), SystemActor, now, cancellationToken);
        if (attached.IsSuccess && !declared)
        {
            await incidents.AppendAsync(
                incidentId,
                null,
                s => Incident.Decide(s, new AddEntry("note", $"Alert group {group.Name} fired and was attached: {group.Title}"), config.DecisionContext(SystemActor, now)),
                SystemActor,
                now,
                cancellationToken);
        }
    }
}
