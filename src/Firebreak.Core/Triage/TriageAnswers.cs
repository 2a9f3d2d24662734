using System.Text.Json.Serialization;
using Firebreak.Core.Changes;
using Firebreak.Core.Investigation;

namespace Firebreak.Core.Triage;

/// <summary>How many users are affected right now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UsersAffected>))]
public enum UsersAffected
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("some")] Some,
    [JsonStringEnumMemberName("most")] Most,
    [JsonStringEnumMemberName("all")] All,
}

/// <summary>A yes/no question that may not have an answer yet.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Answer>))]
public enum Answer
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("no")] No,
    [JsonStringEnumMemberName("yes")] Yes,
}

/// <summary>The triage questions, answered. Anything not answered is unknown.</summary>
public sealed record TriageAnswers
{
    public UsersAffected UsersAffected { get; init; }
    public Answer CoreFeatureBroken { get; init; }
    public Answer DataLoss { get; init; }
    public Answer Workaround { get; init; }
    public Answer SecurityBreach { get; init; }
    public Answer RecentChange { get; init; }
    public Answer RollbackPossible { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>
/// What triage suggests: a level with the reasons and advice; whether to keep the incident private
/// (a breach suspected or not ruled out: the declare page ticks its box, <c>triage --declare</c> sends it);
/// and the security checklist a suspected breach adds.
/// </summary>
public sealed record TriageSuggestion(
    string Severity,
    int Rank,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Advice,
    bool Private,
    IReadOnlyList<string> Checklist)
{
    /// <summary>Changes to the services being triaged from <see cref="ChangeWindow.Before"/> ago to now, newest first.</summary>
    public IReadOnlyList<Change> RecentChanges { get; init; } = [];

    /// <summary>The answer the recent changes suggest for the recent-change question (yes), when it was left unanswered; null otherwise.</summary>
    public Answer? SuggestedRecentChange { get; init; }
}
