using System.Text.Json.Serialization;

namespace Firebreak.Core.Incidents;

/// <summary>Who an update is for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpdateAudience>))]
public enum UpdateAudience
{
    [JsonStringEnumMemberName("internal")] Internal,
    [JsonStringEnumMemberName("public")] Public,
}

/// <summary>The status the public sees on the status page.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PublicStatus>))]
public enum PublicStatus
{
    [JsonStringEnumMemberName("investigating")] Investigating,
    [JsonStringEnumMemberName("identified")] Identified,
    [JsonStringEnumMemberName("monitoring")] Monitoring,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>Where a hypothesis stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HypothesisStatus>))]
public enum HypothesisStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("rejected")] Rejected,
}

/// <summary>The mitigation catalogue, in the order to reach for them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MitigationKind>))]
public enum MitigationKind
{
    [JsonStringEnumMemberName("rollback")] Rollback,
    [JsonStringEnumMemberName("feature-flag")] FeatureFlag,
    [JsonStringEnumMemberName("failover")] Failover,
    [JsonStringEnumMemberName("scale")] Scale,
    [JsonStringEnumMemberName("redirect")] Redirect,
    [JsonStringEnumMemberName("rate-limit")] RateLimit,
    [JsonStringEnumMemberName("hotfix")] Hotfix,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>proposed → started → applied → verified, or abandoned.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MitigationState>))]
public enum MitigationState
{
    [JsonStringEnumMemberName("proposed")] Proposed,
    [JsonStringEnumMemberName("started")] Started,
    [JsonStringEnumMemberName("applied")] Applied,
    [JsonStringEnumMemberName("verified")] Verified,
    [JsonStringEnumMemberName("abandoned")] Abandoned,
}

/// <summary>What kind of evidence was kept.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvidenceKind>))]
public enum EvidenceKind
{
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("link")] Link,
}

/// <summary>The rollback decision checklist: all three must hold for a safe rollback.</summary>
public sealed record RollbackChecklist(bool NoIrreversibleMigration, bool NoIrreversibleSideEffects, string? KnownGoodTarget)
{
    public bool IsSafe => NoIrreversibleMigration && NoIrreversibleSideEffects && !string.IsNullOrWhiteSpace(KnownGoodTarget);
}

/// <summary>A mitigation as it stands.</summary>
public sealed record Mitigation
{
    public required int Id { get; init; }
    public required MitigationKind Kind { get; init; }
    public required string Title { get; init; }
    public string? Owner { get; init; }
    public string? ExpectedEffect { get; init; }
    public bool Risky { get; init; }
    public string? RollbackPlan { get; init; }
    public RollbackChecklist? Checklist { get; init; }
    public required MitigationState State { get; init; }
    public string? ApprovedBy { get; init; }
    public required DateTimeOffset ProposedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? AppliedAt { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public string? Note { get; init; }
}

/// <summary>A hypothesis entry and where it stands.</summary>
public sealed record Hypothesis(long Entry, HypothesisStatus Status, DateTimeOffset At);

/// <summary>A named checklist on the incident (for example the security checklist).</summary>
public sealed record Checklist(string Name, IReadOnlyList<string> Items, IReadOnlyList<int> Done);

/// <summary>A running verification: checks must pass until <see cref="EndsAt"/>.</summary>
public sealed record Verification(DateTimeOffset StartedAt, DateTimeOffset EndsAt, IReadOnlyList<string> Checks, IReadOnlyList<string> Failing);

/// <summary>One health-check outcome, as the verifier saw it.</summary>
public sealed record CheckResult(string Check, bool Passed, string Detail);
