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
public sealed class AlertService(AlertStore alerts, IIncidentStore incidents, IntegrationRegistry integrations, FirebreakConfig config, TimeProvider clock)
{
    public const string SystemActor = "firebreak";

    public IntegrationRegistry Integrations => integrations;

    /// <summary>The integration of <paramref name="source"/> whose key a sender presented, or null.</summary>
    public ValueTask<AlertIntegration?> FindAsync(string source, string? key, CancellationToken cancellationToken) => integrations.FindAsync(source, key, cancellationToken);

    /// <summary>Stores one request's alerts for an integration; the answer comes once they are durable.</summary>
    public Task<Result<IntakeOutcome>> IntakeAsync(AlertIntegration integration, IntakeBatch batch, CancellationToken cancellationToken) =>
        alerts.IntakeAsync(integration.Name, integration.Policy, batch, "integration:" + integration.Name, clock.GetUtcNow(), cancellationToken);

    /// <summary>The month's alert-fatigue review: every rule whose groups opened in the month, noisy ones first.</summary>
    public async Task<Result<RuleReviewDto>> RulesAsync(string? month, CancellationToken cancellationToken)
    {
        var read = AlertFatigue.Month(month, clock.GetUtcNow());
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var (name, from, to) = read.Value;
        var groups = await alerts.OpenedBetweenAsync(from, to, cancellationToken);
        var reviews = (await alerts.RuleReviews.ListAsync(cancellationToken)).ToDictionary(r => r.Rule, StringComparer.Ordinal);
        var rules = AlertFatigue.Review(groups, reviews, name);
        return new RuleReviewDto(name, rules.Count(r => r.Noisy && r.Review is null), AlertFatigue.MinGroups, [.. rules.Select(RuleDto.Of)]);
    }

    /// <summary>A person marks a rule of the month actionable or to be tuned.</summary>
    public async Task<Result<RuleDto>> MarkRuleAsync(Actor actor, RuleMarkRequest request, CancellationToken cancellationToken)
    {
        var read = AlertFatigue.Month(request.Month, clock.GetUtcNow());
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var (month, from, to) = read.Value;
        var groups = await alerts.OpenedBetweenAsync(from, to, cancellationToken);
        var known = groups.Select(AlertFatigue.RuleOf).ToHashSet(StringComparer.Ordinal);
        var decision = AlertFatigue.DecideReview(request.Rule, month, request.Verdict, request.Note, known, clock.GetUtcNow());
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        var rule = ((RuleReviewed)decision.Value[0]).Rule;
        var appended = await alerts.RuleReviews.AppendAsync(rule, null, _ => decision, actor.Username, clock.GetUtcNow(), cancellationToken);
        if (!appended.IsSuccess)
        {
            return appended.Error!;
        }

        var reviews = new Dictionary<string, RuleReviewState>(StringComparer.Ordinal) { [rule] = appended.Value.State! };
        return RuleDto.Of(AlertFatigue.Review(groups.Where(g => AlertFatigue.RuleOf(g) == rule), reviews, month)[0]);
    }

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

    /// <summary>The groups of the list, each with the incident it is attached to when the actor may see it (each incident read once).</summary>
    public async Task<IReadOnlyList<(AlertGroupState Group, long? Incident)>> ListVisibleAsync(Actor actor, AlertGroupQuery query, CancellationToken cancellationToken)
    {
        var groups = await alerts.ListAsync(query, cancellationToken);
        var visible = new Dictionary<long, bool>();
        foreach (var id in groups.Select(g => g.IncidentId).OfType<long>().Distinct())
        {
            visible[id] = await incidents.GetAsync(id, cancellationToken) is { } incident && actor.CanSee(incident);
        }

        return [.. groups.Select(g => (g, g.IncidentId is { } id && visible[id] ? (long?)id : null))];
    }

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
            // Fired again while its incident runs: a symptom, which fails a verification under way.
            await incidents.AppendAsync(
                current,
                null,
                s => Incident.Decide(s, new AddEntry("symptom", $"Alert group {group.Name} fired again: {group.Title}"), config.DecisionContext(SystemActor, now)),
                SystemActor,
                now,
                cancellationToken);
            return;
        }

        var integration = await integrations.NamedAsync(group.Integration, cancellationToken);
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

    /// <summary>
    /// The scheduler's work for a group that went quiet (its last alert resolved) while attached to an open
    /// incident: verification evidence ("alerts-quiet") on the incident, so resolving it starts the
    /// monitoring window. Once per quiet spell: a second run finds the evidence of the same name.
    /// </summary>
    public async Task QuietAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var group = await alerts.GetAsync(id, cancellationToken);
        if (group is not { Status: AlertGroupStatus.Resolved, IncidentId: { } incidentId, ResolvedAt: { } resolved }
            || await incidents.GetAsync(incidentId, cancellationToken) is not { } incident
            || !Lifecycle.IsActive(incident.Status))
        {
            return;
        }

        var name = $"alerts quiet: {group.Name} at {resolved.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z";
        if ((await incidents.ListEvidenceAsync(incidentId, cancellationToken)).Any(e => e.Name == name))
        {
            return;
        }

        var text = $"Alert group {group.Name} ({group.Integration}: {group.Title}) is quiet: all {group.Alerts.ToString(CultureInfo.InvariantCulture)} of its alerts resolved by {resolved.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, after {group.Fired.ToString(CultureInfo.InvariantCulture)} firings.\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var evidence = new NewEvidence(Core.Evidence.EvidenceKind.Text, name, "text/plain; charset=utf-8", null, bytes, Incidents.IncidentService.Sha256(bytes), Verification: true, CheckKind: "alerts-quiet");
        await incidents.AttachEvidenceAsync(
            incidentId,
            null,
            evidence,
            (state, number) => Incident.Decide(state, new AttachEvidence(number, evidence.Kind, evidence.Name, evidence.Sha256, bytes.LongLength, null, true, evidence.CheckKind), config.DecisionContext(SystemActor, now)),
            SystemActor,
            now,
            cancellationToken);
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
