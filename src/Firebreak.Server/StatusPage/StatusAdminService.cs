using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Server.Configuration;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.StatusPage;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// What people do to the status page besides incidents: set a component's status by hand (an admin,
/// or the comms lead of an active incident affecting it), correct the uptime history (an admin), and
/// schedule and run maintenance (responders). Every change is an event on the component's or the
/// maintenance's own stream; the statuses set by hand and the corrections are in the audit log.
/// </summary>
public sealed class StatusAdminService(StatusPageStore store, IIncidentStore incidents, FirebreakConfig config, TimeProvider clock)
{
    public FirebreakConfig Config => config;

    private IReadOnlyList<string> ComponentNames => [.. config.StatusPage.Components.Select(c => c.Name)];

    /// <summary>The declared component of that name (any case), or null.</summary>
    public StatusComponent? Component(string name) =>
        config.StatusPage.Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every declared component with its record (the status set by hand, the corrections).</summary>
    public async Task<IReadOnlyList<(StatusComponent Component, ComponentRecord Record)>> ComponentsAsync(CancellationToken cancellationToken)
    {
        var records = (await store.Components.ListAsync(cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        return [.. config.StatusPage.Components.Select(c => (c, records.GetValueOrDefault(StatusPageStore.ComponentId(c.Name)) ?? new ComponentRecord { Name = StatusPageStore.ComponentId(c.Name), Version = 0 }))];
    }

    public async Task<Result<(StatusComponent Component, ComponentRecord Record)>> SetComponentAsync(Actor actor, string name, SetComponentStatus command, CancellationToken cancellationToken)
    {
        if (Component(name) is not { } component)
        {
            return UnknownComponent(name);
        }

        if (!actor.IsAdmin && !await IsCommsLeadForAsync(actor, component, cancellationToken))
        {
            return new Forbidden($"Only an admin, or the comms lead of an active incident affecting {component.Name}, can set its status by hand.");
        }

        return await AppendComponentAsync(actor, component, command, cancellationToken);
    }

    public async Task<Result<(StatusComponent Component, ComponentRecord Record)>> CorrectUptimeAsync(Actor actor, string name, CorrectUptime command, CancellationToken cancellationToken)
    {
        if (Component(name) is not { } component)
        {
            return UnknownComponent(name);
        }

        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can correct the uptime history.");
        }

        return await AppendComponentAsync(actor, component, command, cancellationToken);
    }

    private async Task<Result<(StatusComponent, ComponentRecord)>> AppendComponentAsync(Actor actor, StatusComponent component, IComponentCommand command, CancellationToken cancellationToken)
    {
        var id = StatusPageStore.ComponentId(component.Name);
        var now = clock.GetUtcNow();
        var outcome = await store.Components.AppendAsync(
            id,
            null,
            record => Components.Decide(record ?? new ComponentRecord { Name = id, Version = 0 }, command, now).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor.Username,
            now,
            cancellationToken);
        return outcome.IsSuccess
            ? (component, outcome.Value.State ?? new ComponentRecord { Name = id, Version = 0 })
            : Result<(StatusComponent, ComponentRecord)>.Fail(outcome.Error!);
    }

    private async Task<bool> IsCommsLeadForAsync(Actor actor, StatusComponent component, CancellationToken cancellationToken)
    {
        var active = await incidents.ListAsync(new IncidentQuery { Active = true, Limit = IncidentQuery.MaxLimit }, new Viewer(actor.Username, actor.IsAdmin), cancellationToken);
        return active.Items.Any(i =>
            i.Roles.GetValueOrDefault(IncidentRoles.CommsLead) == actor.Username
            && StatusBoard.AffectedBy(config.StatusPage.Components, i, config.Severities).Any(a => a.Component == component.Name));
    }

    private NotFound UnknownComponent(string name) =>
        new($"There is no component '{Text.Clip(name, 100)}'; the components are {(ComponentNames.Count == 0 ? "none (declare them under statusPage.components in firebreak.yaml)" : string.Join(", ", ComponentNames))}.");

    public async Task<IReadOnlyList<MaintenanceState>> MaintenancesAsync(CancellationToken cancellationToken) =>
        [.. (await store.Maintenances.ListAsync(cancellationToken)).OrderByDescending(m => m.StartsAt)];

    public async Task<Result<MaintenanceState>> MaintenanceAsync(string id, CancellationToken cancellationToken) =>
        MaintenanceId(id) is { } number && await store.Maintenances.GetAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken) is { } state
            ? state
            : new NotFound($"There is no maintenance '{Text.Clip(id, 40)}'.");

    public Task<Result<MaintenanceState>> ScheduleAsync(Actor actor, ScheduleMaintenance command, CancellationToken cancellationToken) =>
        RunMaintenanceAsync(actor, null, null, command, cancellationToken);

    public Task<Result<MaintenanceState>> ChangeAsync(Actor actor, string id, long? expectedVersion, IMaintenanceCommand command, CancellationToken cancellationToken) =>
        MaintenanceId(id) is { } number
            ? RunMaintenanceAsync(actor, number, expectedVersion, command, cancellationToken)
            : Task.FromResult(Result<MaintenanceState>.Fail(new NotFound($"There is no maintenance '{Text.Clip(id, 40)}'.")));

    /// <summary>What the scheduler runs at a maintenance's times (its own actor, no permission check).</summary>
    public Task<Result<MaintenanceState>> AdvanceAsync(long id, CancellationToken cancellationToken) =>
        RunMaintenanceAsync(null, id, null, new AdvanceMaintenance(config.StatusPage.RemindAhead), cancellationToken);

    private async Task<Result<MaintenanceState>> RunMaintenanceAsync(Actor? actor, long? id, long? expectedVersion, IMaintenanceCommand command, CancellationToken cancellationToken)
    {
        if (actor is { CanWrite: false })
        {
            return new Forbidden("Your role (viewer) can read maintenance but not change it.");
        }

        var now = clock.GetUtcNow();
        var outcome = await store.Maintenances.AppendAsync(
            id?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            expectedVersion,
            state => id is not null && state is null
                ? new NotFound($"There is no maintenance MNT-{id}.")
                : Maintenance.Decide(state, command, ComponentNames, now).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor?.Username ?? SystemActor,
            now,
            cancellationToken);
        return outcome.IsSuccess ? outcome.Value.State! : Result<MaintenanceState>.Fail(outcome.Error!);
    }

    /// <summary>Who the scheduler's own changes are recorded as.</summary>
    public const string SystemActor = "firebreak";

    /// <summary>MNT-7, mnt-7 or 7.</summary>
    public static long? MaintenanceId(string text)
    {
        var digits = text.StartsWith("MNT-", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }
}
