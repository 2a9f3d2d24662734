using System.Security.Cryptography;
using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Core.Updates;
using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Server.Access;
using Firebreak.Server.Configuration;
using Firebreak.Server.Http;
using Firebreak.Storage.Incidents;
using Firebreak.Server.Updates;

namespace Firebreak.Server.Incidents;

/// <summary>
/// The application service every interface calls: loads, checks who may see what, looks up what
/// the pure decision needs, and appends. No incident rule lives here; those are in Core.
/// </summary>
public sealed class IncidentService(IIncidentStore store, AccountService accounts, TimeProvider clock, FirebreakConfig config)
{
    public const int MaxTimelinePage = 10_000;

    public FirebreakConfig Config => config;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<Result<Appended>> DeclareAsync(Actor actor, DeclareIncident command, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(command.Commander))
        {
            if (await MissingUserAsync(command.Commander, "commander", cancellationToken) is { } missing)
            {
                return missing;
            }

            // Usernames are stored lower-case; the role must name the account as it is stored (as AssignRole does).
            command = command with { Commander = Accounts.NormalizeUsername(command.Commander) };
        }

        var now = clock.GetUtcNow();
        var decision = Incident.Decide(null, command, Context(actor.Username, now, null));
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        return await store.CreateAsync(decision.Value, actor.Username, now, cancellationToken);
    }

    public async Task<Result<Appended>> ExecuteAsync(Actor actor, long incidentId, long? expectedVersion, IIncidentCommand command, string? overrideReason, CancellationToken cancellationToken)
    {
        // Most commands need nothing but the incident: the append checks visibility on the state it
        // locks, which saves a read. Those that look up accounts or entries check first, so that a
        // hidden incident answers 404 before anything about its contents is looked at.
        if (command is AssignRole or ProposeMitigation or PinEntry or SetHypothesis)
        {
            var visible = await GetAsync(actor, incidentId, cancellationToken);
            if (!visible.IsSuccess)
            {
                return visible.Error!;
            }
        }

        switch (command)
        {
            case AssignRole { Holder: { } holder } role when !string.IsNullOrWhiteSpace(holder):
                if (await MissingUserAsync(holder, "user", cancellationToken) is { } missing)
                {
                    return missing;
                }

                command = role with { Holder = Accounts.NormalizeUsername(holder) };
                break;
            case ProposeMitigation { Owner: { } owner } propose when !string.IsNullOrWhiteSpace(owner):
                if (await MissingUserAsync(owner, "owner", cancellationToken) is { } noOwner)
                {
                    return noOwner;
                }

                command = propose with { Owner = Accounts.NormalizeUsername(owner) };
                break;
            case PinEntry pin:
                command = pin with { Target = await TargetAsync(incidentId, pin.Entry, cancellationToken) };
                break;
            case SetHypothesis hypothesis:
                command = hypothesis with { Target = await TargetAsync(incidentId, hypothesis.Entry, cancellationToken) };
                break;
        }

        var now = clock.GetUtcNow();
        var context = Context(actor.Username, now, overrideReason);
        var result = await store.AppendAsync(
            incidentId,
            expectedVersion,
            Admit(actor, incidentId),
            state => Incident.Decide(state, command, context),
            actor.Username,
            now,
            cancellationToken);
        return Stale(result, expectedVersion);
    }

    /// <summary>A version clash on a conditional request (If-Match) is a failed precondition, 412.</summary>
    private static Result<Appended> Stale(Result<Appended> result, long? expectedVersion) =>
        result.Error is Conflict conflict && expectedVersion is not null
            ? new PreconditionFailed(conflict.Message, conflict.CurrentVersion ?? 0)
            : result;

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
        var items = Items(state, events);
        long? next = items.Count == limit && items[^1].Version < state.Version ? items[^1].Version : null;
        return new TimelineDto(state.Key, items, next);
    }

    /// <summary>Timeline items as every view shows them: pinned or not, and a public update's marks (the steps it skipped, a short monitoring step).</summary>
    public IReadOnlyList<TimelineItemDto> Items(IncidentState state, IEnumerable<RecordedEvent> events)
    {
        var marks = PublicHistoryOf(state).Where(m => m.Text is not null).ToDictionary(m => m.Version, m => m.Text);
        return [.. events.Select(e => TimelineItemDto.From(e, state) with { PublicMarks = marks.GetValueOrDefault(e.Version), Blame = BlameOf(e, state) })];
    }

    /// <summary>
    /// The blame guardrail on a responder's entry: blaming phrases, with the people of the incident
    /// (its declarer, roles, responders and members) as the names it knows; null when there are none.
    /// </summary>
    public IReadOnlyList<BlameNoteDto>? BlameOf(RecordedEvent e, IncidentState state)
    {
        if (e.Event is not TimelineEntryAdded entry)
        {
            return null;
        }

        var people = state.Members.Concat(state.Responders).Concat(state.Roles.Values).Append(state.DeclaredBy).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var found = config.Postmortems.Blame.Check(entry.Text, people);
        return found.Count == 0 ? null : [.. found.Select(f => new BlameNoteDto(f.Rule, f.Excerpt, f.Message, f.Suggestion))];
    }

    public TriageSuggestion Triage(TriageAnswers answers) => TriageAssistant.Suggest(answers, config.Severities);

    public async Task<Result<UpdateDraftDto>> DraftUpdateAsync(Actor actor, long incidentId, string? template, CancellationToken cancellationToken)
    {
        var visible = await GetAsync(actor, incidentId, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        var state = visible.Value;
        var name = string.IsNullOrWhiteSpace(template) ? UpdateTemplates.For(state) : template.Trim().ToLowerInvariant();
        var text = config.Templates.Render(name, state, config.Severities.PolicyOf(state.Severity), clock.GetUtcNow());
        if (text is null)
        {
            return new Invalid("template", $"There is no template '{template}'; use one of {string.Join(", ", config.Templates.Texts.Keys)}.");
        }

        var publicStatus = name == UpdateTemplates.Resolved ? PublicStatus.Resolved : Incident.PublicStatusOf(state.Status);
        return new UpdateDraftDto(state.Key, name, text, publicStatus, [.. config.Templates.Texts.Keys]);
    }

    public async Task<Result<Appended>> AttachEvidenceAsync(Actor actor, long incidentId, long? expectedVersion, NewEvidence evidence, string? overrideReason, CancellationToken cancellationToken)
    {
        // Visibility is checked on the locked state, before the evidence is kept.
        var now = clock.GetUtcNow();
        var context = Context(actor.Username, now, overrideReason);
        var result = await store.AttachEvidenceAsync(
            incidentId,
            expectedVersion,
            Admit(actor, incidentId),
            evidence,
            (state, number) => Incident.Decide(state, new AttachEvidence(number, evidence.Kind, evidence.Name, evidence.Sha256, evidence.Content?.LongLength ?? 0, evidence.Url, evidence.Verification, evidence.CheckKind), context),
            actor.Username,
            now,
            cancellationToken);
        return Stale(result, expectedVersion);
    }

    public async Task<Result<IReadOnlyList<StoredEvidence>>> ListEvidenceAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        var visible = await GetAsync(actor, incidentId, cancellationToken);
        return visible.IsSuccess ? Result<IReadOnlyList<StoredEvidence>>.Ok(await store.ListEvidenceAsync(incidentId, cancellationToken)) : visible.Error!;
    }

    /// <summary>The incident's evidence <paramref name="number"/> (1, 2, 3 … within the incident), with its content.</summary>
    public async Task<Result<StoredEvidence>> GetEvidenceAsync(Actor actor, long incidentId, long number, CancellationToken cancellationToken)
    {
        var visible = await GetAsync(actor, incidentId, cancellationToken);
        if (!visible.IsSuccess)
        {
            return visible.Error!;
        }

        return await store.GetEvidenceAsync(incidentId, number, cancellationToken) is { } evidence
            ? evidence
            : new NotFound($"{visible.Value.Key} has no evidence {number}.");
    }

    /// <summary>The incident as the API shows it: its state, what its policy expects now, and the guardrail findings.</summary>
    public IncidentDto Describe(IncidentState s, IReadOnlyList<RecordedEvent>? justRecorded = null)
    {
        var now = clock.GetUtcNow();
        var policy = config.Severities.PolicyOf(s.Severity);
        var findings = Core.Guardrails.Guardrails.Evaluate(s, policy, config.Guardrails, now).ToList();
        foreach (var fired in (justRecorded ?? []).Select(e => e.Event).OfType<GuardrailFired>())
        {
            if (findings.All(f => f.Key != fired.Key))
            {
                findings.Add(new Finding(fired.Guardrail, WireNames.TryParse<GuardrailLevel>(fired.Level, out var level) ? level : GuardrailLevel.Warn, fired.Message, fired.Fix, fired.Key));
            }
        }

        var due = Core.Guardrails.Guardrails.NextUpdateDue(s, policy);
        var overdue = Core.Guardrails.Guardrails.UpdateOverdueBy(s, policy, now);
        return new IncidentDto(
            s.Id, s.Key, s.Version, s.Title, s.Severity, s.Status, s.Private, s.Summary, s.Impact, s.Services,
            s.StartedAt, s.DeclaredAt, s.DeclaredBy, s.UpdatedAt, s.ResolvedAt, s.ClosedAt, s.DeclineReason,
            s.Commander, s.Roles, s.Responders, s.Pinned, Lifecycle.AllowedFrom(s.Status),
            policy.RolesRequired, [.. policy.RolesRequired.Where(r => !s.Roles.ContainsKey(r))],
            s.LastUpdateAt, due, overdue is not null, overdue is { } o ? (int)Math.Ceiling(o.TotalMinutes) : null,
            findings, s.Mitigations, s.Hypotheses, s.Checklists, s.EvidenceCount, s.Verification, PublicHistoryOf(s), s.ComponentImpact)
        {
            NotifiedChannels = justRecorded is null || config.Notifications.Routes.Count == 0 ? null : NotifiedChannels(s, justRecorded),
        };
    }

    /// <summary>Where the messages of events just recorded are going: each channel their routes name, once (the same rule the outbox applies).</summary>
    public IReadOnlyList<string> NotifiedChannels(IncidentState after, IReadOnlyList<RecordedEvent> recorded)
    {
        var routed = config.Notifications.Routed;
        return [.. recorded
            .Select(e => Core.Notifications.Notifications.For(e.Event, after, e.Actor, e.OccurredAt, e.Position))
            .OfType<Core.Notifications.Notification>()
            .SelectMany(n => Core.Notifications.Routing.ChannelsFor(n, config.Notifications.Routes, routed))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The public status history with its marks, against the monitoring window of the incident's level.</summary>
    public IReadOnlyList<PublicStepMarks> PublicHistoryOf(IncidentState s) =>
        Core.Updates.PublicHistory.Of(s.PublicSteps, config.Severities.PolicyOf(s.Severity).MonitoringWindow);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private DecisionContext Context(string actor, DateTimeOffset now, string? overrideReason) => config.DecisionContext(actor, now, overrideReason);

    private async Task<IIncidentEvent?> TargetAsync(long incidentId, long version, CancellationToken cancellationToken) =>
        version > 0 ? (await store.ReadOneAsync(incidentId, version, cancellationToken))?.Event : null;

    /// <summary>The visibility check the store runs on the locked state: a missing or hidden incident reads the same.</summary>
    private static Func<IncidentState?, Error?> Admit(Actor actor, long incidentId) =>
        state => state is not null && actor.CanSee(state) ? null : Hidden(incidentId);

    private static NotFound Hidden(long incidentId) =>
        new($"There is no incident {IncidentKey.Format(incidentId)} (or it is private and you are not a member).");

    private async Task<Error?> MissingUserAsync(string username, string field, CancellationToken cancellationToken) =>
        await accounts.FindAsync(username, cancellationToken) is { Disabled: false }
            ? null
            : new Invalid(field, $"There is no active user '{username.Trim()}'; give the username of an existing account.");
}
