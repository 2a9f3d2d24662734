using Firebreak.Core.Common;
using Firebreak.Core.StatusPage;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>Maintenance: scheduling, the steps by hand, cancelling, what the scheduler does at its times, and the fold.</summary>
public sealed class MaintenanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Starts = Now.AddDays(1);
    private static readonly DateTimeOffset Ends = Starts.AddHours(2);
    private static readonly string[] Declared = ["API", "Web"];
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static ScheduleMaintenance Schedule(
        string? title = "Database upgrade",
        string? message = "We upgrade the database; the API may be slow.",
        IReadOnlyList<string>? components = null,
        DateTimeOffset? starts = null,
        DateTimeOffset? ends = null) =>
        new(title, message, components ?? ["API"], starts ?? Starts, ends ?? Ends);

    private static Result<IReadOnlyList<IStatusPageEvent>> Decide(MaintenanceState? state, IMaintenanceCommand command, DateTimeOffset? now = null, IReadOnlyList<string>? components = null) =>
        Maintenance.Decide(state, command, components ?? Declared, now ?? Now);

    private static IReadOnlyList<IStatusPageEvent> Events(MaintenanceState? state, IMaintenanceCommand command, DateTimeOffset? now = null)
    {
        var result = Decide(state, command, now);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static Invalid Rejection(MaintenanceState? state, IMaintenanceCommand command, DateTimeOffset? now = null, IReadOnlyList<string>? components = null)
    {
        var result = Decide(state, command, now, components);
        Assert.False(result.IsSuccess, "The command was accepted but should have been refused.");
        return Assert.IsType<Invalid>(result.Error);
    }

    private static MaintenanceState Fold(MaintenanceState? state, IEnumerable<IStatusPageEvent> events, DateTimeOffset at, string actor = "alice")
    {
        foreach (var e in events)
        {
            state = Maintenance.Evolve(state, 3, (state?.Version ?? 0) + 1, e, actor, at);
        }

        return state!;
    }

    private static MaintenanceState Apply(MaintenanceState? state, IMaintenanceCommand command, DateTimeOffset at, string actor = "alice") =>
        Fold(state, Events(state, command, at), at, actor);

    private static MaintenanceState Scheduled() => Apply(null, Schedule(), Now);

    private static MaintenanceState Progressed(string status, DateTimeOffset? at = null) =>
        Apply(Scheduled(), new ProgressMaintenance(status, null), at ?? Starts);

    [Fact]
    public void Schedule_RecordsTheWindow_AndTheFoldStartsScheduled()
    {
        var events = Events(null, Schedule(title: "  Database upgrade ", components: ["api", "API", "web"]));

        var scheduled = Assert.IsType<MaintenanceScheduled>(Assert.Single(events));
        Assert.Equal("Database upgrade", scheduled.Title);
        Assert.Equal(["API", "Web"], scheduled.Components);
        Assert.Equal((Starts, Ends), (scheduled.StartsAt, scheduled.EndsAt));

        var state = Fold(null, events, Now, "bob");
        Assert.Equal(MaintenanceStatus.Scheduled, state.Status);
        Assert.Equal("MNT-3", state.Key);
        Assert.Equal("bob", state.CreatedBy);
        Assert.Equal(Now, state.CreatedAt);
        Assert.False(state.IsActive);
        Assert.False(state.IsOver);
        Assert.Null(state.StartedAt);
        Assert.Equal([new MaintenanceNote(MaintenanceStatus.Scheduled, "We upgrade the database; the API may be slow.", Now)], state.Notes);
    }

    [Theory]
    [InlineData(null, "Words.", "title")]
    [InlineData("   ", "Words.", "title")]
    [InlineData("Upgrade", null, "message")]
    [InlineData("Upgrade", " ", "message")]
    public void Schedule_NeedsATitleAndAMessage(string? title, string? message, string field)
    {
        var error = Rejection(null, Schedule(title: title, message: message));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Schedule_NeedsBothEndsOfTheWindow()
    {
        Assert.Equal("startsAt", Rejection(null, new ScheduleMaintenance("Upgrade", "Words.", ["API"], null, Ends)).Field);
        Assert.Equal("endsAt", Rejection(null, new ScheduleMaintenance("Upgrade", "Words.", ["API"], Starts, null)).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Schedule_TheWindowMustEndAfterItStarts(int hours)
    {
        var error = Rejection(null, Schedule(ends: Starts.AddHours(hours)));

        Assert.Equal("endsAt", error.Field);
        Assert.Contains("must be after", error.Message);
    }

    [Fact]
    public void Schedule_AWindowIsAtMost31Days()
    {
        Assert.True(Decide(null, Schedule(ends: Starts.AddDays(31))).IsSuccess);

        var error = Rejection(null, Schedule(ends: Starts.AddDays(31).AddMinutes(1)));
        Assert.Equal("endsAt", error.Field);
        Assert.Contains("31 days", error.Message);
    }

    [Fact]
    public void Schedule_AWindowThatEndedAlready_IsRefused_ButOneRunningNowIsTaken()
    {
        var ended = Rejection(null, Schedule(starts: Now.AddHours(-3), ends: Now));
        Assert.Equal("endsAt", ended.Field);
        Assert.Contains("ended already", ended.Message);

        Assert.True(Decide(null, Schedule(starts: Now.AddHours(-1), ends: Now.AddHours(1))).IsSuccess);
    }

    [Fact]
    public void Schedule_AnUnknownComponent_IsRefused_AndTheMessageListsTheComponents()
    {
        var error = Rejection(null, Schedule(components: ["API", "Payments"]));

        Assert.Equal("components", error.Field);
        Assert.Contains("'Payments'", error.Message);
        Assert.Contains("API, Web", error.Message);
    }

    [Fact]
    public void Schedule_WithNoComponentsConfigured_SaysWhereToDeclareThem()
    {
        var error = Rejection(null, Schedule(), components: []);

        Assert.Equal("components", error.Field);
        Assert.Contains("statusPage.components", error.Message);
    }

    [Fact]
    public void Schedule_MustNameAtLeastOneComponent()
    {
        var error = Rejection(null, Schedule(components: []));

        Assert.Equal("components", error.Field);
        Assert.Contains("at least one", error.Message);
    }

    [Fact]
    public void Schedule_TwiceIsAConflict_AndOtherCommandsNeedAMaintenance()
    {
        Assert.IsType<Conflict>(Decide(Scheduled(), Schedule()).Error);
        Assert.IsType<NotFound>(Decide(null, new CancelMaintenance("no")).Error);
        Assert.IsType<NotFound>(Decide(null, new ProgressMaintenance("in_progress", null)).Error);
    }

    [Fact]
    public void Progress_WalksScheduledInProgressVerifyingCompleted()
    {
        var state = Scheduled();
        var steps = new[] { ("in_progress", MaintenanceStatus.InProgress), ("verifying", MaintenanceStatus.Verifying), ("completed", MaintenanceStatus.Completed) };
        var at = Starts;
        foreach (var (step, expected) in steps)
        {
            var progressed = Assert.IsType<MaintenanceProgressed>(Assert.Single(Events(state, new ProgressMaintenance(step, null), at)));
            Assert.Equal(expected, progressed.Status);
            Assert.False(progressed.Automatic);
            state = Apply(state, new ProgressMaintenance(step, null), at);
            Assert.Equal(expected, state.Status);
            at = at.AddMinutes(30);
        }

        Assert.True(state.IsOver);
    }

    [Theory]
    [InlineData(MaintenanceStatus.Scheduled, "completed")]
    [InlineData(MaintenanceStatus.Scheduled, "verifying")]
    [InlineData(MaintenanceStatus.InProgress, "completed")]
    public void Progress_MaySkipSteps(MaintenanceStatus from, string to)
    {
        var state = from == MaintenanceStatus.Scheduled ? Scheduled() : Progressed("in_progress");

        var progressed = Assert.IsType<MaintenanceProgressed>(Assert.Single(Events(state, new ProgressMaintenance(to, null), Starts.AddMinutes(10))));

        Assert.Equal(to, Firebreak.Core.Incidents.WireNames.Of(progressed.Status));
    }

    [Theory]
    [InlineData("verifying", "in_progress")]
    [InlineData("verifying", "verifying")]
    [InlineData("in_progress", "in_progress")]
    public void Progress_BackwardsOrInPlace_IsRefused(string at, string to)
    {
        var error = Rejection(Progressed(at), new ProgressMaintenance(to, null), Starts.AddMinutes(10));

        Assert.Equal("status", error.Field);
        Assert.Contains("already", error.Message);
    }

    [Fact]
    public void Progress_ARefusedStep_SaysWhereItMayGo()
    {
        var error = Rejection(Progressed("verifying"), new ProgressMaintenance("in_progress", null), Starts.AddMinutes(10));

        Assert.Contains("moves on to completed", error.Message);
        Assert.Equal([MaintenanceStatus.Verifying, MaintenanceStatus.Completed], Maintenance.Next(MaintenanceStatus.InProgress));
        Assert.Empty(Maintenance.Next(MaintenanceStatus.Completed));
    }

    [Theory]
    [InlineData("scheduled")]
    [InlineData("cancelled")]
    [InlineData("done")]
    [InlineData(null)]
    public void Progress_ToSomethingThatIsNotAStep_IsRefused(string? to)
    {
        var error = Rejection(Scheduled(), new ProgressMaintenance(to, null));

        Assert.Equal("status", error.Field);
        Assert.Contains("is not a step", error.Message);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void AnOverMaintenance_TakesNoMoreStepsNorACancel(string how)
    {
        var over = how == "completed" ? Progressed("completed") : Apply(Scheduled(), new CancelMaintenance("vendor moved the date"), Now.AddHours(1));
        Assert.True(over.IsOver);

        foreach (var command in new IMaintenanceCommand[] { new ProgressMaintenance("completed", null), new ProgressMaintenance("in_progress", null), new CancelMaintenance("again") })
        {
            var error = Rejection(over, command, Starts.AddHours(1));
            Assert.Equal("status", error.Field);
            Assert.Contains("takes no more changes", error.Message);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Cancel_NeedsAReason(string? reason)
    {
        var error = Rejection(Scheduled(), new CancelMaintenance(reason));

        Assert.Equal("reason", error.Field);
    }

    [Fact]
    public void Cancel_EndsTheMaintenance_WithANoteGivingTheReason()
    {
        var at = Now.AddHours(1);
        var state = Apply(Scheduled(), new CancelMaintenance(" vendor moved the date "), at);

        Assert.Equal(MaintenanceStatus.Cancelled, state.Status);
        Assert.Equal(at, state.CompletedAt);
        Assert.Null(state.StartedAt);
        Assert.Equal(new MaintenanceNote(MaintenanceStatus.Cancelled, "This maintenance is cancelled: vendor moved the date", at), state.Notes[^1]);
    }

    [Fact]
    public void Advance_RemindsAnHourAhead_Once()
    {
        var advance = new AdvanceMaintenance(Hour);
        var state = Scheduled();

        Assert.Empty(Events(state, advance, Starts - Hour - TimeSpan.FromSeconds(1)));
        Assert.Equal([new MaintenanceReminded(Starts)], Events(state, advance, Starts - Hour));

        state = Apply(state, advance, Starts - Hour, "firebreak");
        Assert.True(state.Reminded);
        Assert.Equal(MaintenanceStatus.Scheduled, state.Status);
        Assert.Empty(Events(state, advance, Starts - TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Advance_StartsAtTheStart_AndCompletesAtTheEnd_Automatically()
    {
        var advance = new AdvanceMaintenance(Hour);
        var state = Apply(Scheduled(), advance, Starts - Hour, "firebreak");

        Assert.Equal([new MaintenanceProgressed(MaintenanceStatus.InProgress, null, Automatic: true)], Events(state, advance, Starts));
        state = Apply(state, advance, Starts, "firebreak");
        Assert.Equal(MaintenanceStatus.InProgress, state.Status);
        Assert.Equal(Starts, state.StartedAt);

        Assert.Empty(Events(state, advance, Ends - TimeSpan.FromSeconds(1)));
        Assert.Equal([new MaintenanceProgressed(MaintenanceStatus.Completed, null, Automatic: true)], Events(state, advance, Ends));
        state = Apply(state, advance, Ends, "firebreak");
        Assert.Equal(MaintenanceStatus.Completed, state.Status);
        Assert.Equal(Ends, state.CompletedAt);
    }

    [Fact]
    public void Advance_AMissedReminder_IsNotSentAfterTheStart_TheMaintenanceJustStarts()
    {
        var events = Events(Scheduled(), new AdvanceMaintenance(Hour), Starts.AddMinutes(5));

        Assert.Equal([new MaintenanceProgressed(MaintenanceStatus.InProgress, null, Automatic: true)], events);
    }

    [Fact]
    public void Advance_WhenTheStartWasMissedPastTheEnd_StartsAndCompletesAtOnce()
    {
        var events = Events(Scheduled(), new AdvanceMaintenance(Hour), Ends.AddMinutes(1));

        Assert.Equal(
            [new MaintenanceProgressed(MaintenanceStatus.InProgress, null, true), new MaintenanceProgressed(MaintenanceStatus.Completed, null, true)],
            events);
    }

    [Fact]
    public void Advance_CompletesAVerifyingMaintenanceAtTheEnd()
    {
        var events = Events(Progressed("verifying"), new AdvanceMaintenance(Hour), Ends);

        Assert.Equal([new MaintenanceProgressed(MaintenanceStatus.Completed, null, true)], events);
    }

    [Fact]
    public void Advance_AMaintenanceStartedByHandEarly_IsNotStartedAgain()
    {
        var state = Progressed("in_progress", Starts.AddHours(-2));

        Assert.Empty(Events(state, new AdvanceMaintenance(Hour), Starts));
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void Advance_DoesNothingOnceItIsOver(string how)
    {
        var over = how == "completed" ? Progressed("completed") : Apply(Scheduled(), new CancelMaintenance("called off"), Now);

        Assert.Empty(Events(over, new AdvanceMaintenance(Hour), Ends.AddDays(1)));
        Assert.Empty(Events(over, new AdvanceMaintenance(Hour), Starts - Hour));
    }

    [Fact]
    public void NextDue_IsTheReminder_ThenTheStart_ThenTheEnd_ThenNothing()
    {
        var state = Scheduled();
        Assert.Equal(Starts - Hour, Maintenance.NextDue(state, Hour));

        state = Apply(state, new AdvanceMaintenance(Hour), Starts - Hour, "firebreak");
        Assert.Equal(Starts, Maintenance.NextDue(state, Hour));

        state = Apply(state, new AdvanceMaintenance(Hour), Starts, "firebreak");
        Assert.Equal(Ends, Maintenance.NextDue(state, Hour));

        state = Apply(state, new AdvanceMaintenance(Hour), Ends, "firebreak");
        Assert.Null(Maintenance.NextDue(state, Hour));
    }

    [Fact]
    public void NextDue_WithoutAReminder_OrScheduledInsideTheReminderTime_IsTheStart()
    {
        Assert.Equal(Starts, Maintenance.NextDue(Scheduled(), TimeSpan.Zero));

        var soon = Apply(null, Schedule(starts: Now.AddMinutes(30), ends: Now.AddHours(2)), Now);
        Assert.Equal(Now.AddMinutes(30), Maintenance.NextDue(soon, Hour));
    }

    [Fact]
    public void NextDue_IsNothingOnceCancelled()
    {
        Assert.Null(Maintenance.NextDue(Apply(Scheduled(), new CancelMaintenance("called off"), Now), Hour));
    }

    [Fact]
    public void Evolve_SetsStartedAtOnce_AndCompletedAtAtTheEnd_WithANoteAtEachStep()
    {
        var state = Scheduled();
        var started = Starts.AddMinutes(1);
        var verifying = Starts.AddMinutes(50);
        var completed = Starts.AddMinutes(70);
        state = Apply(state, new ProgressMaintenance("in_progress", null), started);
        state = Apply(state, new ProgressMaintenance("verifying", "Checking replication."), verifying);
        state = Apply(state, new ProgressMaintenance("completed", null), completed);

        Assert.Equal(started, state.StartedAt);
        Assert.Equal(completed, state.CompletedAt);
        Assert.Equal(completed, state.UpdatedAt);
        Assert.Equal(4, state.Version);
        Assert.Equal(
            [
                new MaintenanceNote(MaintenanceStatus.Scheduled, "We upgrade the database; the API may be slow.", Now),
                new MaintenanceNote(MaintenanceStatus.InProgress, "The maintenance is in progress.", started),
                new MaintenanceNote(MaintenanceStatus.Verifying, "Checking replication.", verifying),
                new MaintenanceNote(MaintenanceStatus.Completed, "The maintenance is complete.", completed),
            ],
            state.Notes);
    }

    [Fact]
    public void Evolve_AutomaticSteps_GetTheSchedulersWords()
    {
        var state = Apply(Scheduled(), new AdvanceMaintenance(Hour), Ends.AddMinutes(1), "firebreak");

        Assert.Equal(MaintenanceStatus.Completed, state.Status);
        Assert.Equal(["The scheduled maintenance has started.", "The scheduled maintenance has ended."], state.Notes.Skip(1).Select(n => n.Message));
    }

    [Fact]
    public void Evolve_SkippingInProgress_StillSetsStartedAt()
    {
        var at = Starts.AddMinutes(5);
        var state = Apply(Scheduled(), new ProgressMaintenance("completed", null), at);

        Assert.Equal(at, state.StartedAt);
        Assert.Equal(at, state.CompletedAt);
    }

    [Fact]
    public void Evolve_AStreamMustStartWithASchedule()
    {
        Assert.Throws<InvalidOperationException>(() => Maintenance.Evolve(null, 3, 1, new MaintenanceCancelled("no"), "alice", Now));
    }
}
