using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Server.Access;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The application service every interface calls: loads, checks who may see what, looks up what
/// the pure decision needs, and appends. No incident rule lives here; those are in Core.
/// </summary>
public sealed class IncidentService(IIncidentStore store, AccountService accounts, TimeProvider clock, SeverityScale severities)
{
    public const int MaxTimelinePage = 10_000;

    public async Task<Result<Appended>> DeclareAsync(Actor actor, DeclareIncident command, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(command.Commander))
        {
            if (await MissingUserAsync(command.Commander, "commander", cancellationToken) is { } missing)
            {
                return missing;
            }

            // Usernames are stored lower-case; the role must name the account as it is stored (as AssignRole does).
            command = command with { Commander = command.Commander.Trim().ToLowerInvariant() };
        }

        var now = clock.GetUtcNow();
        var decision = Incident.Decide(null, command, new DecisionContext(actor.Username, now, severities));
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        return await store.CreateAsync(decision.Value, actor.Username, now, cancellationToken);
    }

    public async Task<Result<Appended>> ExecuteAsync(Actor actor, long incidentId, long? expectedVersion, IIncidentCommand command, CancellationToken cancellationToken)
    {
        var visible = await GetAsync(actor, incidentId, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        switch (command)
        {
            case AssignRole { Holder: { } holder } when !string.IsNullOrWhiteSpace(holder):
                if (await MissingUserAsync(holder, "user", cancellationToken) is { } missing)
                {
                    return missing;
                }

                command = ((AssignRole)command) with { Holder = holder.Trim().ToLowerInvariant() };
                break;
            case PinEntry pin:
                var target = pin.Entry > 0 ? await store.ReadOneAsync(incidentId, pin.Entry, cancellationToken) : null;
                command = pin with { Target = target?.Event };
                break;
        }

        var now = clock.GetUtcNow();
        var context = new DecisionContext(actor.Username, now, severities);
        var result = await store.AppendAsync(
            incidentId,
            expectedVersion,
            state => actor.CanSee(state) ? Incident.Decide(state, command, context) : Hidden(incidentId),
            actor.Username,
            now,
            cancellationToken);
        return result.Error is Conflict conflict && expectedVersion is not null
            ? new PreconditionFailed(conflict.Message, conflict.CurrentVersion)
            : result;
    }

    public async Task<Result<IncidentState>> GetAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(incidentId, cancellationToken);
        return state is not null && actor.CanSee(state) ? state : Hidden(incidentId);
    }

    public Task<IncidentPage> ListAsync(Actor actor, IncidentQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(query, new Viewer(actor.Username, actor.IsAdmin), cancellationToken);

    public async Task<Result<TimelineDto>> TimelineAsync(Actor actor, long incidentId, long after, int limit, CancellationToken cancellationToken)
    {
        var visible = await GetAsync(actor, incidentId, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        var state = visible.Value;
        var events = await store.ReadAsync(incidentId, after, limit, cancellationToken);
        var items = events.Select(e => TimelineItemDto.From(e, state)).ToList();
        long? next = items.Count == limit && items[^1].Version < state.Version ? items[^1].Version : null;
        return new TimelineDto(state.Key, items, next);
    }

    private static NotFound Hidden(long incidentId) =>
        new($"There is no incident {IncidentKey.Format(incidentId)} (or it is private and you are not a member).");

    private async Task<Error?> MissingUserAsync(string username, string field, CancellationToken cancellationToken) =>
        await accounts.FindAsync(username, cancellationToken) is { Disabled: false }
            ? null
            : new Invalid(field, $"There is no active user '{username.Trim()}'; give the username of an existing account.");
}
