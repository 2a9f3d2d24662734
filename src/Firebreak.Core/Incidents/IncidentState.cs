using Firebreak.Core.Mitigations;
using Firebreak.Core.Updates;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Incidents;

/// <summary>
/// The current state of an incident: a left fold of its events (<see cref="Incident.Evolve"/>).
/// Kept small on purpose: timeline entries are read from the stream, not held here.
/// </summary>
public sealed record IncidentState
{
    private static readonly IReadOnlyDictionary<string, StatusPage.ComponentStatus> NoImpact = new Dictionary<string, StatusPage.ComponentStatus>();
    private readonly IReadOnlyList<PublicStep>? _publicSteps;
    private readonly IReadOnlyDictionary<string, StatusPage.ComponentStatus>? _componentImpact;

    public required long Id { get; init; }
    public required long Version { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }
    public string? Summary { get; init; }
    public string? Impact { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>
    /// The impact stated per status page component (none stated: the page reads it from the severity
    /// and the services). A snapshot stored before it existed reads with none, as no such event existed then.
    /// </summary>
    public IReadOnlyDictionary<string, StatusPage.ComponentStatus> ComponentImpact
    {
        get => _componentImpact ?? NoImpact;
        init => _componentImpact = value;
    }
    public required IncidentStatus Status { get; init; }
    public required bool Private { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset DeclaredAt { get; init; }
    public required string DeclaredBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? DeclineReason { get; init; }

    /// <summary>Role name to the username holding it.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();

    /// <summary>Who is responding right now.</summary>
    public IReadOnlyList<string> Responders { get; init; } = [];

    /// <summary>Everyone who ever took part (declared, joined, held a role): who may see a private incident.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>Versions of pinned timeline entries, in pin order.</summary>
    public IReadOnlyList<long> Pinned { get; init; } = [];

    /// <summary>When stakeholders last heard from us (an update of either audience).</summary>
    public DateTimeOffset? LastUpdateAt { get; init; }

    /// <summary>When the last public update went out, and what it said the status was.</summary>
    public PublicStatus? LastPublicStatus { get; init; }

    /// <summary>
    /// Every public update with the status it carried, in order: the public status history (<see cref="PublicHistory"/>).
    /// A snapshot stored before it existed reads with none until it is folded again.
    /// </summary>
    public IReadOnlyList<PublicStep> PublicSteps { get => _publicSteps ?? []; init => _publicSteps = value; }

    /// <summary>When a person last wrote on the timeline or changed a mitigation: the check-in clock.</summary>
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>When new evidence last came in (evidence, a symptom or a result).</summary>
    public DateTimeOffset? LastEvidenceAt { get; init; }

    public int EvidenceCount { get; init; }

    /// <summary>Evidence attached to show the fix holds.</summary>
    public bool HasVerificationEvidence { get; init; }

    public IReadOnlyList<Hypothesis> Hypotheses { get; init; } = [];

    public IReadOnlyList<Mitigation> Mitigations { get; init; } = [];

    public IReadOnlyList<Checklist> Checklists { get; init; } = [];

    /// <summary>The running verification, if resolving started one.</summary>
    public VerificationWindow? Verification { get; init; }

    /// <summary>Keys of the guardrail nudges already recorded, so each is recorded once.</summary>
    public IReadOnlyList<string> FiredNudges { get; init; } = [];

    /// <summary>Whether the resolution was announced (an update after resolving).</summary>
    public bool ResolutionAnnounced { get; init; }

    public string? Commander => Roles.GetValueOrDefault(IncidentRoles.Commander);

    public string Key => IncidentKey.Format(Id);

    public bool IsMember(string username) => Members.Contains(username, StringComparer.Ordinal);
}
