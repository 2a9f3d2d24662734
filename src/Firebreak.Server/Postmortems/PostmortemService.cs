using System.Globalization;
using Firebreak.Core.Access;
using Firebreak.Core.ActionItems;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;
using Firebreak.Server.Configuration;
using Firebreak.Server.Incidents;
using Firebreak.Storage.Access;
using Firebreak.Storage.Incidents;
using Firebreak.Storage.Postmortems;

namespace Firebreak.Server.Postmortems;

/// <summary>A postmortem as people read it: its state, the figures and timeline computed from the incident, the language findings, what holds publishing back, the action items.</summary>
public sealed record PostmortemView(
    PostmortemState State,
    IncidentState Incident,
    PostmortemFacts Facts,
    IReadOnlyList<PostmortemTimelineEntry> Timeline,
    IReadOnlyList<PostmortemFinding> Findings,
    IReadOnlyList<PublishProblem> Problems,
    IReadOnlyList<ActionItemState> Actions);

/// <summary>Which action items a list shows: someone's, the overdue ones, one service's, one team's, one incident's; open ones unless all are asked for.</summary>
public sealed record ActionQuery(string? Owner = null, bool Overdue = false, string? Service = null, string? Team = null, long? Incident = null, bool All = false);

/// <summary>
/// The review after resolve: each incident's postmortem (opened by itself at resolve when the severity
/// requires one, or on demand) and its action items. Whoever can see the incident can read them;
/// responders write them. A private incident's postmortem and items are its members' only, on every path.
/// </summary>
public sealed class PostmortemService(PostmortemStore store, IIncidentStore incidents, IncidentService incidentService, IUserStore users, FirebreakConfig config, TimeProvider clock)
{
    public FirebreakConfig Config => config;

    public BlamelessCheck Blame { get; } = config.Postmortems.Blame;

    public async Task<Result<PostmortemView>> GetAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var incident = await incidentService.GetAsync(actor, incidentId, cancellationToken);
        if (!incident.IsSuccess)
        {
            return incident.Error!;
        }

        var state = await store.Postmortems.GetAsync(PostmortemStore.Id(incidentId), cancellationToken);
        if (state is null)
        {
            return new NotFound($"{IncidentKey.Format(incidentId)} has no postmortem yet: open one (it opens by itself at resolve when the severity requires one).");
        }

        return await ViewAsync(state, incident.Value, cancellationToken);
    }

    /// <summary>The incident, when the actor can see it (for a page about a postmortem not opened yet).</summary>
    public async Task<IncidentState?> IncidentAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var found = await incidentService.GetAsync(actor, incidentId, cancellationToken);
        return found.IsSuccess ? found.Value : null;
    }

    private async Task<PostmortemView> ViewAsync(PostmortemState state, IncidentState incident, CancellationToken cancellationToken) =>
        View(state, await ContextAsync(incident, cancellationToken));

    // A postmortem command changes neither the incident's events, the accounts nor the action items: the view after it reads them from the decision's context.
    private PostmortemView View(PostmortemState state, PostmortemContext context)
    {
        var incident = context.Incident;
        var timeline = PostmortemDraft.Timeline(context.Events, state);
        var findings = Postmortem.Findings(state, context, timeline);
        return new PostmortemView(
            state,
            incident,
            PostmortemDraft.Facts(incident, context.Events, config.Severities, context.Now),
            timeline,
            findings,
            state.Status == PostmortemStatus.Published ? [] : Postmortem.Problems(state, context, findings),
            context.Actions);
    }

    private async Task<PostmortemContext> ContextAsync(IncidentState incident, CancellationToken cancellationToken) =>
        new(
            incident,
            await incidents.ReadAsync(incident.Id, 0, int.MaxValue, cancellationToken),
            await AccountsAsync(cancellationToken),
            Blame,
            await store.ActionsOfAsync(incident.Id, cancellationToken),
            clock.GetUtcNow());

    public async Task<IReadOnlyCollection<string>> AccountsAsync(CancellationToken cancellationToken) =>
        [.. (await users.ListAsync(cancellationToken)).Where(u => !u.Disabled).Select(u => u.Username)];

    /// <summary>Opens the postmortem of a resolved incident on demand.</summary>
    public async Task<Result<PostmortemView>> CreateAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        if (!actor.CanWrite)
        {
            return new Forbidden("Your role (viewer) can read postmortems but not open one.");
        }

        var incident = await incidentService.GetAsync(actor, incidentId, cancellationToken);
        if (!incident.IsSuccess)
        {
            return incident.Error!;
        }

        var created = await CreateAsync(incident.Value, actor.Username, automatic: false, cancellationToken);
        return created.IsSuccess ? await ViewAsync(created.Value, incident.Value, cancellationToken) : created.Error!;
    }

    /// <summary>What the scheduler runs after a resolve whose severity requires a postmortem: opens it once (a second run finds it and does nothing).</summary>
    public async Task<Result<PostmortemState>> CreateRequiredAsync(long incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return new NotFound($"There is no incident {IncidentKey.Format(incidentId)}.");
        }

        if (await store.Postmortems.GetAsync(PostmortemStore.Id(incidentId), cancellationToken) is { } existing)
        {
            return existing;
        }

        return await CreateAsync(incident, "firebreak", automatic: true, cancellationToken);
    }

    private async Task<Result<PostmortemState>> CreateAsync(IncidentState incident, string actor, bool automatic, CancellationToken cancellationToken)
    {
        var events = await incidents.ReadAsync(incident.Id, 0, int.MaxValue, cancellationToken);
        var now = clock.GetUtcNow();
        var outcome = await store.Postmortems.AppendAsync(
            PostmortemStore.Id(incident.Id),
            null,
            existing => Postmortem.DecideCreate(existing, incident, events, config.Severities, automatic).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor,
            now,
            cancellationToken);
        return outcome.IsSuccess ? outcome.Value.State! : Result<PostmortemState>.Fail(outcome.Error!);
    }

    /// <summary>Changes a postmortem; a given <paramref name="expectedVersion"/> that is no longer current is a clear conflict, never a silent overwrite.</summary>
    public async Task<Result<PostmortemView>> ChangeAsync(Actor actor, long incidentId, long? expectedVersion, IPostmortemCommand command, CancellationToken cancellationToken)
    {
        if (!actor.CanWrite)
        {
            return new Forbidden("Your role (viewer) can read postmortems but not change them.");
        }

        var incident = await incidentService.GetAsync(actor, incidentId, cancellationToken);
        if (!incident.IsSuccess)
        {
            return incident.Error!;
        }

        var context = await ContextAsync(incident.Value, cancellationToken);
        var outcome = await store.Postmortems.AppendAsync(
            PostmortemStore.Id(incidentId),
            expectedVersion,
            state => Postmortem.Decide(state, command, context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor.Username,
            context.Now,
            cancellationToken);
        if (!outcome.IsSuccess)
        {
            return outcome.Error is Conflict conflict && expectedVersion is not null
                ? new Http.PreconditionFailed($"The postmortem of {IncidentKey.Format(incidentId)} changed since you read it (version {expectedVersion.Value.ToString(CultureInfo.InvariantCulture)}; it is now {(conflict.CurrentVersion ?? 0).ToString(CultureInfo.InvariantCulture)}). Read it again and redo your change on top.", conflict.CurrentVersion ?? 0)
                : outcome.Error!;
        }

        return View(outcome.Value.State!, context);
    }

    /// <summary>What the scheduler runs when a required postmortem falls due: records the reminder once, when it is still not published.</summary>
    public async Task<Result<PostmortemState>> RemindAsync(long incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return new NotFound($"There is no incident {IncidentKey.Format(incidentId)}.");
        }

        var context = await ContextAsync(incident, cancellationToken);
        var outcome = await store.Postmortems.AppendAsync(
            PostmortemStore.Id(incidentId),
            null,
            state => Postmortem.Decide(state, new RemindOverdue(), context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            "firebreak",
            context.Now,
            cancellationToken);
        return outcome.IsSuccess ? outcome.Value.State! : Result<PostmortemState>.Fail(outcome.Error!);
    }

    /// <summary>
    /// Pushes an action item to an external tracker: recorded now, sent through the outbox (with its
    /// retries), and the tracker's key and address written back on the item when it answers. A private
    /// incident's items go only to a tracker marked private.
    /// </summary>
    public async Task<Result<ActionItemState>> PushActionAsync(Actor actor, string id, string? tracker, CancellationToken cancellationToken)
    {
        var visible = await GetActionAsync(actor, id, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        if (config.Postmortems.Tracker(tracker ?? string.Empty) is { Private: false } open
            && await incidents.GetAsync(visible.Value.IncidentId, cancellationToken) is { Private: true })
        {
            return new Invalid("tracker", $"{visible.Value.Key} belongs to a private incident, and the tracker '{open.Name}' is not marked private: its items stay inside Firebreak.");
        }

        return await ChangeActionAsync(actor, id, null, new PushActionItem(tracker), cancellationToken);
    }

    /// <summary>The item a tracker channel sends (no actor: the push was allowed when it was asked for).</summary>
    public Task<ActionItemState?> ActionForPushAsync(long id, CancellationToken cancellationToken) =>
        store.Actions.GetAsync(PostmortemStore.Id(id), cancellationToken);

    /// <summary>Writes the tracker's key and address back on the item (once).</summary>
    public async Task RecordPushAsync(long id, string tracker, string key, string? url, CancellationToken cancellationToken)
    {
        var context = new ActionContext([], clock.GetUtcNow());
        await store.Actions.AppendAsync(
            PostmortemStore.Id(id),
            null,
            state => ActionItem.Decide(state, new RecordPush(tracker, key, url), context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            "firebreak",
            context.Now,
            cancellationToken);
    }

    /// <summary>What the scheduler runs the day after an action item's due day: records the reminder once, when it is still open.</summary>
    public async Task<Result<ActionItemState>> RemindActionAsync(long actionId, CancellationToken cancellationToken)
    {
        var context = new ActionContext([], clock.GetUtcNow());
        var outcome = await store.Actions.AppendAsync(
            PostmortemStore.Id(actionId),
            null,
            state => ActionItem.Decide(state, new RemindActionOverdue(), context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            "firebreak",
            context.Now,
            cancellationToken);
        return outcome.IsSuccess ? outcome.Value.State! : Result<ActionItemState>.Fail(outcome.Error!);
    }

    /// <summary>Every postmortem the actor can see, with its incident, newest incident first.</summary>
    public async Task<IReadOnlyList<(PostmortemState State, IncidentState Incident)>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var visible = new List<(PostmortemState, IncidentState)>();
        foreach (var state in (await store.Postmortems.ListAsync(cancellationToken)).OrderByDescending(p => p.IncidentId))
        {
            if (await incidents.GetAsync(state.IncidentId, cancellationToken) is { } incident && actor.CanSee(incident))
            {
                visible.Add((state, incident));
            }
        }

        return visible;
    }

    // --- Action items -------------------------------------------------------------------------

    public async Task<Result<ActionItemState>> CreateActionAsync(Actor actor, long incidentId, CreateActionItem command, CancellationToken cancellationToken)
    {
        if (!actor.CanWrite)
        {
            return new Forbidden("Your role (viewer) can read action items but not add them.");
        }

        var incident = await incidentService.GetAsync(actor, incidentId, cancellationToken);
        if (!incident.IsSuccess)
        {
            return incident.Error!;
        }

        var context = new ActionContext(await AccountsAsync(cancellationToken), clock.GetUtcNow());
        var outcome = await store.Actions.AppendAsync(
            null,
            null,
            _ => ActionItem.DecideCreate(incident.Value, command, context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor.Username,
            context.Now,
            cancellationToken);
        return outcome.IsSuccess ? outcome.Value.State! : Result<ActionItemState>.Fail(outcome.Error!);
    }

    public async Task<Result<ActionItemState>> GetActionAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        if (ActionId(id) is not { } number || await store.Actions.GetAsync(PostmortemStore.Id(number), cancellationToken) is not { } state)
        {
            return UnknownAction(id);
        }

        return (await incidentService.GetAsync(actor, state.IncidentId, cancellationToken)).IsSuccess ? state : UnknownAction(id);
    }

    public async Task<Result<ActionItemState>> ChangeActionAsync(Actor actor, string id, long? expectedVersion, IActionItemCommand command, CancellationToken cancellationToken)
    {
        if (!actor.CanWrite)
        {
            return new Forbidden("Your role (viewer) can read action items but not change them.");
        }

        var visible = await GetActionAsync(actor, id, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        var context = new ActionContext(await AccountsAsync(cancellationToken), clock.GetUtcNow()) { Trackers = [.. config.Postmortems.Trackers.Select(t => t.Name)] };
        var outcome = await store.Actions.AppendAsync(
            PostmortemStore.Id(visible.Value.Id),
            expectedVersion,
            state => ActionItem.Decide(state, command, context).Map(e => (IReadOnlyList<IEvent>)[.. e]),
            actor.Username,
            context.Now,
            cancellationToken);
        if (!outcome.IsSuccess)
        {
            return outcome.Error is Conflict conflict && expectedVersion is not null
                ? new Http.PreconditionFailed($"{visible.Value.Key} changed since you read it: it is now at version {(conflict.CurrentVersion ?? 0).ToString(CultureInfo.InvariantCulture)}. Read it again.", conflict.CurrentVersion ?? 0)
                : outcome.Error!;
        }

        return outcome.Value.State!;
    }

    /// <summary>The action items the actor can see that the query asks for, overdue first, then by due date.</summary>
    public async Task<Result<IReadOnlyList<ActionItemState>>> ListActionsAsync(Actor actor, ActionQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string>? teamServices = null;
        if (query.Team is { } team)
        {
            var services = config.Services.Where(s => string.Equals(s.Team, team, StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
            if (services.Count == 0)
            {
                return new Invalid("team", $"No service in firebreak.yaml names the team '{Text.Clip(team, 60)}'.");
            }

            teamServices = services;
        }

        var now = clock.GetUtcNow();
        var seen = new Dictionary<long, bool>();
        var listed = new List<ActionItemState>();
        foreach (var item in await store.Actions.ListAsync(cancellationToken))
        {
            if ((!query.All && item.IsClosed)
                || (query.Owner is { } owner && !string.Equals(item.Fields.Owner, owner, StringComparison.OrdinalIgnoreCase))
                || (query.Overdue && !item.IsOverdue(now))
                || (query.Service is { } service && !item.Services.Contains(service, StringComparer.OrdinalIgnoreCase))
                || (teamServices is not null && !item.Services.Any(s => teamServices.Contains(s, StringComparer.OrdinalIgnoreCase)))
                || (query.Incident is { } incident && item.IncidentId != incident))
            {
                continue;
            }

            if (!seen.TryGetValue(item.IncidentId, out var canSee))
            {
                canSee = await incidents.GetAsync(item.IncidentId, cancellationToken) is { } state && actor.CanSee(state);
                seen[item.IncidentId] = canSee;
            }

            if (canSee)
            {
                listed.Add(item);
            }
        }

        return listed.OrderByDescending(a => a.IsOverdue(now)).ThenBy(a => a.Fields.DueOn ?? DateOnly.MaxValue).ThenBy(a => a.Id).ToList();
    }

    public static long? ActionId(string id)
    {
        var text = id.Trim();
        if (text.StartsWith("ACT-", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
    }

    private static NotFound UnknownAction(string id) =>
        new($"There is no action item '{Text.Clip(id, 40)}' (or its incident is private and you are not a member).");
}
