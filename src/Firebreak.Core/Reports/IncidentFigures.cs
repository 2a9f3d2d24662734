using Firebreak.Core.Guardrails;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;

namespace Firebreak.Core.Reports;

/// <summary>
/// One incident's figures for the learning report, kept as a row beside the incident and brought up to
/// date with each append (<see cref="Next"/>), so the report never folds the events again. What needs
/// earlier events (the first acknowledgement, the update times for the cadence) is carried in the row.
/// </summary>
public sealed record IncidentFigures
{
    public required long IncidentId { get; init; }
    public required string Severity { get; init; }

    /// <summary>The services it names, in lower case.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
    public required bool Private { get; init; }
    public required IncidentStatus Status { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset DeclaredAt { get; init; }
    public required string DeclaredBy { get; init; }

    /// <summary>The first responder other than the declarer who joined, or the first commander assigned, whichever came first.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? CommanderAt { get; init; }
    public DateTimeOffset? FirstMitigationAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public bool Declined { get; init; }

    /// <summary>Whether the updates kept the severity's cadence up to the resolve (null: not resolved, or the severity sets no cadence).</summary>
    public bool? CadenceKept { get; init; }

    /// <summary>The longest silence up to the resolve, in seconds (null while not resolved).</summary>
    public long? LongestSilenceSeconds { get; init; }

    /// <summary>A verification passed (the fix was shown to hold).</summary>
    public bool Verified { get; init; }

    /// <summary>The resolve went through with the unverified-resolve guardrail overridden.</summary>
    public bool Overridden { get; init; }

    /// <summary>When each update was posted, in order: what the longest silence is measured from.</summary>
    public IReadOnlyList<DateTimeOffset> UpdateTimes { get; init; } = [];
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The figures after <paramref name="events"/>: <paramref name="previous"/> (null for a new incident, or to
    /// compute them from every event) brought up to <paramref name="state"/>, the state after those events.
    /// The silence and cadence are the postmortem's (<see cref="PostmortemDraft.LongestSilence"/>), up to the resolve.
    /// </summary>
    public static IncidentFigures Next(IncidentFigures? previous, IncidentState state, IEnumerable<RecordedEvent> events, SeverityScale severities)
    {
        var acknowledged = previous?.AcknowledgedAt;
        var commander = previous?.CommanderAt;
        var mitigated = previous?.FirstMitigationAt;
        var verified = previous?.Verified ?? false;
        var overridden = previous?.Overridden ?? false;
        var updates = new List<DateTimeOffset>(previous?.UpdateTimes ?? []);
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case ResponderJoined j when !string.Equals(j.Responder, state.DeclaredBy, StringComparison.Ordinal):
                    acknowledged ??= e.OccurredAt;
                    break;
                case RoleAssigned { Role: IncidentRoles.Commander }:
                    commander ??= e.OccurredAt;
                    acknowledged ??= e.OccurredAt;
                    break;
                case MitigationApplied:
                    mitigated ??= e.OccurredAt;
                    break;
                case UpdatePosted:
                    updates.Add(e.OccurredAt);
                    break;
                case VerificationPassed:
                    verified = true;
                    break;
                case GuardrailOverridden { Guardrail: GuardrailIds.UnverifiedResolve }:
                    overridden = true;
                    break;
            }
        }

        var silence = state.ResolvedAt is { } end ? PostmortemDraft.LongestSilence(state.DeclaredAt, updates, end) : (TimeSpan?)null;
        return new IncidentFigures
        {
            IncidentId = state.Id,
            Severity = state.Severity,
            Services = [.. state.Services.Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
            Private = state.Private,
            Status = state.Status,
            StartedAt = state.StartedAt,
            DeclaredAt = state.DeclaredAt,
            DeclaredBy = state.DeclaredBy,
            AcknowledgedAt = acknowledged,
            CommanderAt = commander,
            FirstMitigationAt = mitigated,
            ResolvedAt = state.ResolvedAt,
            Declined = state.Status == IncidentStatus.Declined,
            CadenceKept = silence is { } s ? PostmortemDraft.CadenceKept(severities.Resolve(state.Severity)?.UpdateCadence, s) : null,
            LongestSilenceSeconds = silence is { } l ? (long)l.TotalSeconds : null,
            Verified = verified,
            Overridden = overridden,
            UpdateTimes = updates,
            UpdatedAt = state.UpdatedAt,
        };
    }
}
