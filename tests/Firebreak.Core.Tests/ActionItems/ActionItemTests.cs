using Firebreak.Core.ActionItems;
using Firebreak.Core.Common;

namespace Firebreak.Core.Tests.ActionItems;

/// <summary>The action item aggregate: its fields read strictly, won't do needs a reason, one reminder per due date, one push.</summary>
public sealed class ActionItemTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private static readonly ActionContext Context = new(["alice", "bob"], Now) { Trackers = ["gh"] };

    private static ActionItemState Item(string? due = "2026-03-20", string? owner = "alice")
    {
        var state = new ActionItemState
        {
            Id = 3, Version = 1, IncidentId = 7, Status = ActionStatus.Open, CreatedBy = "alice", CreatedAt = Now, UpdatedAt = Now,
            Fields = new ActionFields("Add a canary stage that holds each deploy at 5 % for 10 minutes", null, null, null, ActionPriority.Medium, null),
        };
        return Apply(state, new UpdateActionItem(null, owner, due, "prevent", null, null), Context);
    }

    private static ActionItemState Apply(ActionItemState state, IActionItemCommand command, ActionContext context)
    {
        var decided = ActionItem.Decide(state, command, context);
        Assert.True(decided.IsSuccess, decided.Error?.Message);
        return decided.Value.Aggregate(state, (s, e) => ActionItem.Evolve(s, s.Id, s.Version + 1, e, "alice", context.Now));
    }

    [Theory]
    [InlineData("owner", "carol", null, null, null)]
    [InlineData("due", null, "20/03/2026", null, null)]
    [InlineData("due", null, "2026-02-30", null, null)]
    [InlineData("type", null, null, "fix", null)]
    [InlineData("priority", null, null, null, "urgent")]
    public void AFieldThatCannotBeRead_IsRefusedByName(string field, string? owner, string? due, string? type, string? priority)
    {
        var refused = ActionItem.Decide(Item(), new UpdateActionItem(null, owner, due, type, priority, null), Context);
        Assert.Equal(field, Assert.IsType<Invalid>(refused.Error).Field);
    }

    [Fact]
    public void AnOwner_IsMatchedToItsAccountWhateverTheCase_AndAnEmptyTextClearsIt()
    {
        var item = Apply(Item(), new UpdateActionItem(null, "BOB", null, null, null, null), Context);
        Assert.Equal("bob", item.Fields.Owner);
        item = Apply(item, new UpdateActionItem(null, "", null, null, null, null), Context);
        Assert.Null(item.Fields.Owner);
        Assert.Contains(item.Findings, f => f.Rule == "missing-owner");
        Assert.Empty(ActionItem.Decide(item, new UpdateActionItem(null, null, null, null, null, null), Context).Value);
    }

    [Fact]
    public void WontDo_NeedsAReason_AndClosesIt()
    {
        Assert.Equal("reason", Assert.IsType<Invalid>(ActionItem.Decide(Item(), new ChangeActionStatus("wont_do", null), Context).Error).Field);
        var closed = Apply(Item(), new ChangeActionStatus("wont_do", "Replaced by ACT-4"), Context);
        Assert.True(closed.IsClosed);
        Assert.Null(closed.ReminderDue);
        Assert.Empty(closed.Findings);
    }

    [Fact]
    public void TheReminder_IsDueTheDayAfterTheDueDay_OncePerDueDate()
    {
        var item = Item("2026-03-20");
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 0, 0, 0, TimeSpan.Zero), item.ReminderDue);
        Assert.Empty(ActionItem.Decide(item, new RemindActionOverdue(), Context with { Now = new DateTimeOffset(2026, 3, 20, 23, 59, 0, TimeSpan.Zero) }).Value);
        var late = Context with { Now = new DateTimeOffset(2026, 3, 21, 0, 1, 0, TimeSpan.Zero) };
        item = Apply(item, new RemindActionOverdue(), late);
        Assert.Equal(new DateOnly(2026, 3, 20), item.RemindedFor);
        Assert.Null(item.ReminderDue);
        Assert.Empty(ActionItem.Decide(item, new RemindActionOverdue(), late).Value);
    }

    [Fact]
    public void APush_GoesToAKnownTrackerOnce_AndTheKeyIsRecordedOnce()
    {
        Assert.Equal("tracker", Assert.IsType<Invalid>(ActionItem.Decide(Item(), new PushActionItem("jira"), Context).Error).Field);
        var pushing = Apply(Item(), new PushActionItem("GH"), Context);
        Assert.Equal("gh", pushing.PushingTo);
        Assert.Empty(ActionItem.Decide(pushing, new PushActionItem("gh"), Context).Value);
        var tracked = Apply(pushing, new RecordPush("gh", "acme/platform#42", "https://github.com/acme/platform/issues/42"), Context);
        Assert.Equal(("acme/platform#42", (string?)null), (tracked.ExternalKey, tracked.PushingTo));
        Assert.Empty(ActionItem.Decide(tracked, new RecordPush("gh", "acme/platform#43", null), Context).Value);
        Assert.IsType<Conflict>(ActionItem.Decide(tracked, new PushActionItem("gh"), Context).Error);
    }
}
