using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Core.Tests.Triage;

/// <summary>Every question, one at a time: its "unknown" is treated as its worst known answer, and said so.</summary>
public sealed class TriageUnknownAnswerTests
{
    private static readonly string[] Questions = ["usersAffected", "coreFeatureBroken", "dataLoss", "workaround", "securityBreach", "recentChange", "rollbackPossible"];

    private static TriageSuggestion Suggest(TriageAnswers answers) => TriageAssistant.Suggest(answers, SeverityScale.Default);

    private static object[] Values(string question) => question == "usersAffected"
        ? [UsersAffected.None, UsersAffected.Some, UsersAffected.Most, UsersAffected.All]
        : [Answer.No, Answer.Yes];

    private static TriageAnswers With(TriageAnswers a, string question, object value) => question switch
    {
        "usersAffected" => a with { UsersAffected = (UsersAffected)value },
        "coreFeatureBroken" => a with { CoreFeatureBroken = (Answer)value },
        "dataLoss" => a with { DataLoss = (Answer)value },
        "workaround" => a with { Workaround = (Answer)value },
        "securityBreach" => a with { SecurityBreach = (Answer)value },
        "recentChange" => a with { RecentChange = (Answer)value },
        _ => a with { RollbackPossible = (Answer)value },
    };

    /// <summary>Every combination of known answers to the other questions.</summary>
    private static IEnumerable<TriageAnswers> KnownOthers(string question)
    {
        IEnumerable<TriageAnswers> all = [new TriageAnswers { StartedAt = Given.Now }];
        foreach (var other in Questions.Where(q => q != question))
        {
            all = [.. all.SelectMany(a => Values(other).Select(v => With(a, other, v)))];
        }

        return all;
    }

    public static TheoryData<string> AllQuestions() => [.. Questions];

    [Theory]
    [MemberData(nameof(AllQuestions))]
    public void Suggest_AnUnknownAnswer_IsTheMostSevereAndMostGuardedOfItsKnownAnswers(string question)
    {
        foreach (var others in KnownOthers(question))
        {
            var unknown = Suggest(others);
            var known = Values(question).Select(v => Suggest(With(others, question, v))).ToList();

            Assert.Equal(known.Min(s => s.Rank), unknown.Rank);
            Assert.Equal(known.Any(s => s.Private), unknown.Private);
        }
    }

    [Theory]
    [InlineData("usersAffected", "assuming all")]
    [InlineData("coreFeatureBroken", "assuming it is")]
    [InlineData("dataLoss", "not ruled out")]
    [InlineData("workaround", "assuming there is none")]
    [InlineData("securityBreach", "private until someone checks")]
    [InlineData("recentChange", "Check what changed")]
    [InlineData("rollbackPossible", "not possible or not known")]
    public void Suggest_AnUnknownAnswer_SaysWhatItAssumes(string question, string said)
    {
        // The others are the mildest known answers, with a recent change so rollback matters.
        var mild = new TriageAnswers
        {
            UsersAffected = UsersAffected.None, CoreFeatureBroken = Answer.No, DataLoss = Answer.No, Workaround = Answer.Yes,
            SecurityBreach = Answer.No, RecentChange = Answer.Yes, RollbackPossible = Answer.Yes, StartedAt = Given.Now,
        };
        var unknown = With(mild, question, question == "usersAffected" ? UsersAffected.Unknown : Answer.Unknown);

        var suggestion = Suggest(unknown);

        Assert.Contains([.. suggestion.Reasons, .. suggestion.Advice], line => line.Contains(said, StringComparison.Ordinal));
    }
}
