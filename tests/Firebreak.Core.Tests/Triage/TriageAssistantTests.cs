using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Core.Tests.Triage;

public sealed class TriageAssistantTests
{
    private static TriageSuggestion Suggest(TriageAnswers answers) => TriageAssistant.Suggest(answers, SeverityScale.Default);

    /// <summary>Answers about impact only: no data loss and no breach, so the impact decides.</summary>
    private static TriageAnswers Impact(UsersAffected users, Answer core, Answer workaround) => new()
    {
        UsersAffected = users,
        CoreFeatureBroken = core,
        Workaround = workaround,
        DataLoss = Answer.No,
        SecurityBreach = Answer.No,
    };

    [Theory]
    [InlineData(UsersAffected.All, Answer.Yes, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.All, Answer.Yes, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.All, Answer.Yes, Answer.Unknown, "SEV-1")]
    [InlineData(UsersAffected.All, Answer.No, Answer.No, "SEV-2")]
    [InlineData(UsersAffected.All, Answer.No, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.All, Answer.No, Answer.Unknown, "SEV-2")]
    [InlineData(UsersAffected.All, Answer.Unknown, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.All, Answer.Unknown, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.All, Answer.Unknown, Answer.Unknown, "SEV-1")]
    [InlineData(UsersAffected.Most, Answer.Yes, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.Most, Answer.Yes, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Most, Answer.Yes, Answer.Unknown, "SEV-1")]
    [InlineData(UsersAffected.Most, Answer.No, Answer.No, "SEV-2")]
    [InlineData(UsersAffected.Most, Answer.No, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Most, Answer.No, Answer.Unknown, "SEV-2")]
    [InlineData(UsersAffected.Most, Answer.Unknown, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.Most, Answer.Unknown, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Most, Answer.Unknown, Answer.Unknown, "SEV-1")]
    [InlineData(UsersAffected.Some, Answer.Yes, Answer.No, "SEV-2")]
    [InlineData(UsersAffected.Some, Answer.Yes, Answer.Yes, "SEV-3")]
    [InlineData(UsersAffected.Some, Answer.Yes, Answer.Unknown, "SEV-2")]
    [InlineData(UsersAffected.Some, Answer.No, Answer.No, "SEV-3")]
    [InlineData(UsersAffected.Some, Answer.No, Answer.Yes, "SEV-3")]
    [InlineData(UsersAffected.Some, Answer.No, Answer.Unknown, "SEV-3")]
    [InlineData(UsersAffected.Some, Answer.Unknown, Answer.No, "SEV-2")]
    [InlineData(UsersAffected.Some, Answer.Unknown, Answer.Yes, "SEV-3")]
    [InlineData(UsersAffected.Some, Answer.Unknown, Answer.Unknown, "SEV-2")]
    [InlineData(UsersAffected.None, Answer.Yes, Answer.No, "SEV-3")]
    [InlineData(UsersAffected.None, Answer.Yes, Answer.Yes, "SEV-3")]
    [InlineData(UsersAffected.None, Answer.Yes, Answer.Unknown, "SEV-3")]
    [InlineData(UsersAffected.None, Answer.No, Answer.No, "SEV-4")]
    [InlineData(UsersAffected.None, Answer.No, Answer.Yes, "SEV-4")]
    [InlineData(UsersAffected.None, Answer.No, Answer.Unknown, "SEV-4")]
    [InlineData(UsersAffected.None, Answer.Unknown, Answer.No, "SEV-3")]
    [InlineData(UsersAffected.None, Answer.Unknown, Answer.Yes, "SEV-3")]
    [InlineData(UsersAffected.None, Answer.Unknown, Answer.Unknown, "SEV-3")]
    [InlineData(UsersAffected.Unknown, Answer.Yes, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.Unknown, Answer.Yes, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Unknown, Answer.Yes, Answer.Unknown, "SEV-1")]
    [InlineData(UsersAffected.Unknown, Answer.No, Answer.No, "SEV-2")]
    [InlineData(UsersAffected.Unknown, Answer.No, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Unknown, Answer.No, Answer.Unknown, "SEV-2")]
    [InlineData(UsersAffected.Unknown, Answer.Unknown, Answer.No, "SEV-1")]
    [InlineData(UsersAffected.Unknown, Answer.Unknown, Answer.Yes, "SEV-2")]
    [InlineData(UsersAffected.Unknown, Answer.Unknown, Answer.Unknown, "SEV-1")]
    public void Suggest_ImpactAlone_GivesTheLevel(UsersAffected users, Answer core, Answer workaround, string expected)
    {
        var suggestion = Suggest(Impact(users, core, workaround));

        Assert.Equal(expected, suggestion.Severity);
        Assert.Equal(SeverityScale.Default.Resolve(expected)!.Rank, suggestion.Rank);
        Assert.False(suggestion.Private);
        Assert.Empty(suggestion.Checklist);
        Assert.NotEmpty(suggestion.Reasons);
    }

    public static TheoryData<UsersAffected, Answer, Answer, Answer, Answer> AllAnswerCombinations()
    {
        var data = new TheoryData<UsersAffected, Answer, Answer, Answer, Answer>();
        foreach (var users in Enum.GetValues<UsersAffected>())
        {
            foreach (var core in Enum.GetValues<Answer>())
            {
                foreach (var workaround in Enum.GetValues<Answer>())
                {
                    foreach (var dataLoss in Enum.GetValues<Answer>())
                    {
                        foreach (var breach in Enum.GetValues<Answer>())
                        {
                            data.Add(users, core, workaround, dataLoss, breach);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Whatever is unknown, the suggestion is the most severe level any real answer could lead to, a breach included.</summary>
    [Theory]
    [MemberData(nameof(AllAnswerCombinations))]
    public void Suggest_UnknownAnswers_TakeTheMostSevereKnownAlternative(UsersAffected users, Answer core, Answer workaround, Answer dataLoss, Answer breach)
    {
        static IEnumerable<Answer> Known(Answer a) => a == Answer.Unknown ? [Answer.No, Answer.Yes] : [a];
        IEnumerable<UsersAffected> knownUsers = users == UsersAffected.Unknown ? [UsersAffected.None, UsersAffected.Some, UsersAffected.Most, UsersAffected.All] : [users];

        var alternatives =
            from u in knownUsers
            from c in Known(core)
            from w in Known(workaround)
            from d in Known(dataLoss)
            from b in Known(breach)
            select Suggest(new TriageAnswers { UsersAffected = u, CoreFeatureBroken = c, Workaround = w, DataLoss = d, SecurityBreach = b }).Rank;

        var rank = Suggest(new TriageAnswers { UsersAffected = users, CoreFeatureBroken = core, Workaround = workaround, DataLoss = dataLoss, SecurityBreach = breach }).Rank;

        Assert.Equal(alternatives.Min(), rank);
    }

    [Theory]
    [InlineData(Answer.Yes)]
    [InlineData(Answer.Unknown)]
    public void Suggest_DataLossYesOrUnknown_IsSev1EvenWithNoUserAffected(Answer dataLoss)
    {
        var suggestion = Suggest(Impact(UsersAffected.None, Answer.No, Answer.No) with { DataLoss = dataLoss });

        Assert.Equal("SEV-1", suggestion.Severity);
        Assert.Contains(suggestion.Advice, a => a.Contains("Stop the writes", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_NothingAnswered_IsSev1()
    {
        var suggestion = Suggest(new TriageAnswers());

        Assert.Equal("SEV-1", suggestion.Severity);
        Assert.True(suggestion.Private);
        Assert.Empty(suggestion.Checklist);
    }

    [Fact]
    public void Suggest_SecurityBreach_IsSev1PrivateWithTheSecurityChecklist()
    {
        var suggestion = Suggest(Impact(UsersAffected.None, Answer.No, Answer.No) with { SecurityBreach = Answer.Yes });

        Assert.Equal("SEV-1", suggestion.Severity);
        Assert.True(suggestion.Private);
        Assert.Equal(TriageAssistant.SecurityChecklist, suggestion.Checklist);
        Assert.Contains(suggestion.Reasons, r => r.Contains("breach", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UsersAffected.None, Answer.No)]
    [InlineData(UsersAffected.Some, Answer.No)]
    [InlineData(UsersAffected.All, Answer.Yes)]
    public void Suggest_BreachNotRuledOut_IsTheBreachLevelAndRecommendsPrivate(UsersAffected users, Answer core)
    {
        var suggestion = Suggest(Impact(users, core, Answer.No) with { SecurityBreach = Answer.Unknown });

        Assert.Equal("SEV-1", suggestion.Severity);
        Assert.True(suggestion.Private);
        Assert.Empty(suggestion.Checklist);
        Assert.Contains(suggestion.Reasons, r => r.Contains("private until someone checks", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_UnknownUsers_SaysItAssumesAll() =>
        Assert.Contains(Suggest(Impact(UsersAffected.Unknown, Answer.No, Answer.No)).Reasons, r => r.Contains("assuming all", StringComparison.Ordinal));

    [Theory]
    [InlineData(Answer.Yes, Answer.Yes, "roll it back first")]
    [InlineData(Answer.Yes, Answer.No, "irreversible migrations")]
    [InlineData(Answer.Yes, Answer.Unknown, "irreversible migrations")]
    [InlineData(Answer.Unknown, Answer.Yes, "Check what changed")]
    [InlineData(Answer.Unknown, Answer.Unknown, "Check what changed")]
    public void Suggest_RecentChangeAndRollback_GiveTheMatchingAdvice(Answer recentChange, Answer rollbackPossible, string advice)
    {
        var suggestion = Suggest(Impact(UsersAffected.Some, Answer.Yes, Answer.No) with { RecentChange = recentChange, RollbackPossible = rollbackPossible });

        Assert.Contains(suggestion.Advice, a => a.Contains(advice, StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_NoRecentChange_GivesNoChangeAdvice()
    {
        var suggestion = Suggest(Impact(UsersAffected.Some, Answer.Yes, Answer.No) with { RecentChange = Answer.No, RollbackPossible = Answer.Yes, StartedAt = Given.Now });

        Assert.Empty(suggestion.Advice);
    }

    [Fact]
    public void Suggest_StartUnknown_AdvisesFindingIt()
    {
        var answers = Impact(UsersAffected.Some, Answer.Yes, Answer.No) with { RecentChange = Answer.No };

        Assert.Contains(Suggest(answers).Advice, a => a.Contains("when it started", StringComparison.Ordinal));
        Assert.DoesNotContain(Suggest(answers with { StartedAt = Given.Now }).Advice, a => a.Contains("when it started", StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_OnAShorterScale_ClampsToItsLeastSevereLevel()
    {
        var scale = new SeverityScale([.. SeverityScale.DefaultLevels.Take(3)]);

        var suggestion = TriageAssistant.Suggest(Impact(UsersAffected.None, Answer.No, Answer.No), scale);

        Assert.Equal(("SEV-3", 3), (suggestion.Severity, suggestion.Rank));
    }
}
