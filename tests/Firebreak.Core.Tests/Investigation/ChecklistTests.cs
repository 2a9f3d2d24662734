using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Investigation;

public sealed class ChecklistTests
{
    private static IncidentState WithSecurityChecklist() => Given.Incident(Given.Declaration() with
    {
        Triage = new TriageAnswers { SecurityBreach = Answer.Yes, DataLoss = Answer.No },
    });

    [Fact]
    public void CheckChecklistItem_TicksTheItem()
    {
        var state = WithSecurityChecklist();

        Assert.Equal([new ChecklistItemChecked("security", 2)], Given.Events(state, new CheckChecklistItem("security", 2)));
        state = Given.Apply(state, new CheckChecklistItem("security", 2), Given.As());
        state = Given.Apply(state, new CheckChecklistItem(" Security ", 5), Given.As());

        Assert.Equal([2, 5], Assert.Single(state.Checklists).Done);
    }

    [Fact]
    public void CheckChecklistItem_AlreadyDone_RecordsNothing()
    {
        var state = Given.Apply(WithSecurityChecklist(), new CheckChecklistItem("security", 1), Given.As());

        Assert.Empty(Given.Events(state, new CheckChecklistItem("security", 1)));
    }

    [Theory]
    [InlineData("legal")]
    [InlineData(null)]
    public void CheckChecklistItem_UnknownChecklist_IsNotFoundNamingTheChecklists(string? name) =>
        Assert.Contains("security", Given.Rejection<NotFound>(WithSecurityChecklist(), new CheckChecklistItem(name, 1)).Message, StringComparison.Ordinal);

    [Fact]
    public void CheckChecklistItem_OnIncidentWithoutChecklists_IsNotFound() =>
        Given.Rejection<NotFound>(Given.Incident(Given.Declaration()), new CheckChecklistItem("security", 1));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    public void CheckChecklistItem_ItemOutOfRange_IsInvalid(int item)
    {
        var error = Given.Rejection<Invalid>(WithSecurityChecklist(), new CheckChecklistItem("security", item));

        Assert.Equal("item", error.Field);
        Assert.Contains($"1 to {TriageAssistant.SecurityChecklist.Count}", error.Message, StringComparison.Ordinal);
    }
}
