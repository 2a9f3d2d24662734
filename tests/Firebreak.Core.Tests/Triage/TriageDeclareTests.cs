using Firebreak.Core.Incidents;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Core.Tests.Triage;

public sealed class TriageDeclareTests
{
    private static readonly TriageAnswers MostUsersCantPay = new()
    {
        UsersAffected = UsersAffected.Most,
        CoreFeatureBroken = Answer.Yes,
        Workaround = Answer.No,
        DataLoss = Answer.No,
        SecurityBreach = Answer.No,
        RecentChange = Answer.Yes,
        RollbackPossible = Answer.Yes,
    };

    private static readonly TriageAnswers SomeUsersSlow = new()
    {
        UsersAffected = UsersAffected.Some,
        CoreFeatureBroken = Answer.No,
        DataLoss = Answer.No,
        SecurityBreach = Answer.No,
    };

    private static DeclareIncident Triaged(TriageAnswers answers, string? severity = null) =>
        Given.Declaration() with { Severity = severity, Triage = answers };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Declare_WithTriageAndNoSeverity_UsesTheSuggestedLevel(TriageAnswers answers, string expected)
    {
        var events = Given.Events(null, Triaged(answers));

        Assert.Equal(expected, Assert.IsType<IncidentDeclared>(events[0]).Severity);
        Assert.Equal(expected, Given.Incident(Triaged(answers)).Severity);
    }

    public static TheoryData<TriageAnswers, string> Answers() => new()
    {
        { MostUsersCantPay, "SEV-1" },
        { SomeUsersSlow, "SEV-3" },
        { SomeUsersSlow with { UsersAffected = UsersAffected.None }, "SEV-4" },
    };

    [Fact]
    public void Declare_WithTriage_RecordsTheAnswersReasonsAndAdvice()
    {
        var events = Given.Events(null, Triaged(MostUsersCantPay));

        var triage = Assert.Single(events.OfType<TriageRecorded>());
        Assert.Equal(RecordedTriageAnswers.From(MostUsersCantPay), triage.Answers);
        Assert.Equal("SEV-1", triage.Suggested);
        Assert.Contains(triage.Reasons, r => r.Contains("core feature", StringComparison.Ordinal));
        Assert.Contains(triage.Reasons, r => r.Contains("roll it back first", StringComparison.Ordinal));
    }

    [Fact]
    public void Declare_WithTriageAndAnExplicitSeverity_KeepsTheGivenLevelAndRecordsTheSuggestion()
    {
        var events = Given.Events(null, Triaged(MostUsersCantPay, "SEV-2"));

        Assert.Equal("SEV-2", Assert.IsType<IncidentDeclared>(events[0]).Severity);
        Assert.Equal("SEV-1", Assert.Single(events.OfType<TriageRecorded>()).Suggested);
    }

    [Fact]
    public void Declare_WithoutTriage_RecordsNoTriage() =>
        Assert.Empty(Given.Events(null, Given.Declaration()).OfType<TriageRecorded>());

    [Fact]
    public void Declare_WithSuspectedBreach_IsPrivateWithTheSecurityChecklist()
    {
        var declaration = Triaged(SomeUsersSlow with { SecurityBreach = Answer.Yes });

        var events = Given.Events(null, declaration);
        var declared = Assert.IsType<IncidentDeclared>(events[0]);
        Assert.True(declared.Private);
        Assert.Equal("SEV-1", declared.Severity);
        var checklist = Assert.Single(events.OfType<ChecklistAdded>());
        Assert.Equal("security", checklist.Name);
        Assert.Equal(TriageAssistant.SecurityChecklist, checklist.Items);

        var state = Given.Incident(declaration);
        Assert.True(state.Private);
        var added = Assert.Single(state.Checklists);
        Assert.Equal(("security", TriageAssistant.SecurityChecklist.Count), (added.Name, added.Items.Count));
        Assert.Empty(added.Done);
    }

    [Fact]
    public void Declare_WithBreachNotRuledOut_IsTheBreachLevelButPrivateOnlyWhenAsked()
    {
        var events = Given.Events(null, Triaged(SomeUsersSlow with { SecurityBreach = Answer.Unknown }));

        Assert.False(Assert.IsType<IncidentDeclared>(events[0]).Private);
        Assert.Empty(events.OfType<ChecklistAdded>());
        Assert.Equal("SEV-1", Assert.IsType<IncidentDeclared>(events[0]).Severity);
        Assert.True(Assert.IsType<IncidentDeclared>(Given.Events(null, Triaged(SomeUsersSlow with { SecurityBreach = Answer.Unknown }) with { Private = true })[0]).Private);
    }
}
