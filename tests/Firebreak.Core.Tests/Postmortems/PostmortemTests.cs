using Firebreak.Core.ActionItems;
using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Postmortems;
using Firebreak.Core.Tests.Incidents;
using Firebreak.Core.Tests.StatusPage;

namespace Firebreak.Core.Tests.Postmortems;

/// <summary>The postmortem aggregate alone: the policy, the first draft and its figures, curation, the checks publishing needs.</summary>
public sealed class PostmortemTests
{
    private static readonly BlamelessCheck Blame = new();

    private static IncidentStory Resolved(string severity = "SEV-2") =>
        IncidentStory.Declare(severity, minute: 0)
            .Do(1, new AssignRole("commander", "alice"))
            .Public(5, "investigating", "We are looking into it.")
            .Do(6, new AddEntry("note", "Pods restarting"))
            .Do(8, new ProposeMitigation("feature-flag", "Turn the new checkout off", null, null, false, null, null))
            .Do(9, new StartMitigation(1))
            .Do(10, new ApplyMitigation(1))
            .Public(40, "resolved", "Fixed.")
            .Do(41, new ChangeStatus("resolved", "Flag off, errors gone"), "checked by hand");

    private static PostmortemState Created(IncidentStory story)
    {
        var events = Postmortem.DecideCreate(null, story.State, story.Events, SeverityScale.Default, automatic: true).Value;
        return events.Aggregate((PostmortemState?)null, (s, e) => Postmortem.Evolve(s, (s?.Version ?? 0) + 1, e, "firebreak", story.State.UpdatedAt))!;
    }

    private static PostmortemState Apply(PostmortemState state, IPostmortemCommand command, PostmortemContext context)
    {
        var decided = Postmortem.Decide(state, command, context);
        Assert.True(decided.IsSuccess, decided.Error?.Message);
        return decided.Value.Aggregate(state, (s, e) => Postmortem.Evolve(s, s.Version + 1, e, "alice", context.Now));
    }

    private static PostmortemContext Context(IncidentStory story, params ActionItemState[] actions) =>
        new(story.State, story.Events, ["alice", "bob"], Blame, actions, story.State.UpdatedAt.AddHours(1));

    [Theory]
    [InlineData("SEV-1", true)]
    [InlineData("SEV-2", true)]
    [InlineData("SEV-3", false)]
    [InlineData("SEV-4", false)]
    public void ThePolicy_RequiresOneForTheMajorSeverities_Due48HoursAfterTheResolve(string severity, bool required)
    {
        var story = Resolved(severity);
        var (isRequired, due) = Postmortem.Policy(story.State, SeverityScale.Default);
        Assert.Equal(required, isRequired);
        Assert.Equal(required ? story.State.ResolvedAt!.Value.AddHours(48) : null, due);
    }

    [Fact]
    public void AnIncidentStillRunning_HasNoPostmortemYet()
    {
        var running = IncidentStory.Declare();
        var refused = Postmortem.DecideCreate(null, running.State, running.Events, SeverityScale.Default, automatic: false);
        Assert.Equal("incident", Assert.IsType<Invalid>(refused.Error).Field);
    }

    [Fact]
    public void TheFigures_AreComputedFromTheEvents()
    {
        var story = Resolved();
        var facts = PostmortemDraft.Facts(story.State, story.Events, SeverityScale.Default, story.State.UpdatedAt);
        Assert.Equal(TimeSpan.FromMinutes(10), facts.TimeToMitigate);
        Assert.Equal(TimeSpan.FromMinutes(41), facts.Duration);
        Assert.Equal(2, facts.PublicUpdates);
        Assert.Equal(["alice"], facts.Commanders);
        Assert.Equal(1, facts.Overrides);
        Assert.False(facts.Verified);
        Assert.Equal(TimeSpan.FromMinutes(35), facts.LongestSilence);
    }

    [Fact]
    public void TheFirstDraft_FillsSummaryImpactAndDetection_AndLeavesTheCauseToPeople()
    {
        var pm = Created(Resolved());
        Assert.Contains("A SEV-2 incident on checkout", pm.Section("summary"), StringComparison.Ordinal);
        Assert.Contains("What users were last told: \"Fixed.\"", pm.Section("summary"), StringComparison.Ordinal);
        Assert.Contains("declared by", pm.Section("detection"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, pm.Section("root-cause"));
        Assert.True(pm.Required);
    }

    [Fact]
    public void Curation_OverridesTheDefault_EntryByEntry_AndLastsAcrossEdits()
    {
        var story = Resolved();
        var context = Context(story);
        var pm = Created(story);
        var note = PostmortemDraft.Timeline(story.Events, pm).Single(t => t.Text == "Pods restarting");
        Assert.False(note.Included);
        pm = Apply(pm, new CurateTimeline(note.Entry, true), context);
        pm = Apply(pm, new EditSection("lessons", "Flags make rollbacks fast."), context);
        var again = PostmortemDraft.Timeline(story.Events, pm).Single(t => t.Entry == note.Entry);
        Assert.True(again.Included && again.Curated);
        Assert.Empty(Postmortem.Decide(pm, new CurateTimeline(note.Entry, true), context).Value);   // the same choice again changes nothing
        Assert.Equal("entry", Assert.IsType<Invalid>(Postmortem.Decide(pm, new CurateTimeline(9999, true), context).Error).Field);
    }

    [Fact]
    public void Publishing_NamesEveryMissingPart_AndPassesOnceEachIsSettled()
    {
        var story = Resolved();
        var pm = Created(story);
        var context = Context(story);
        var problems = Postmortem.Problems(pm, context).Select(p => p.Where).ToList();
        Assert.Equal(["status", "impact", "root-cause", "what-went-well", "what-went-poorly", "actions"], problems);
        Assert.IsType<Invalid>(Postmortem.Decide(pm, new PublishPostmortem(), context).Error);

        pm = Apply(pm, new EditSection("root-cause", "alice's mistake"), context);
        Assert.Contains(Postmortem.Problems(pm, context), p => p.Where == "root-cause" && p.Message.StartsWith("Blaming language", StringComparison.Ordinal));
        var finding = Assert.Single(Postmortem.Findings(pm, context));
        pm = Apply(pm, new EditSection("root-cause", "The flag was on by default. alice's mistake"), context);
        Assert.Equal(finding.Key, Assert.Single(Postmortem.Findings(pm, context)).Key);   // the key outlives an edit that keeps the phrase

        pm = Apply(pm, new EditSection("root-cause", "The new checkout shipped on by default with no canary."), context);
        pm = Apply(pm, new EditSection("impact", "Card payments failed for 40 minutes."), context);
        pm = Apply(pm, new EditSection("what-went-well", "The flag."), context);
        pm = Apply(pm, new EditSection("what-went-poorly", "Detection."), context);
        pm = Apply(pm, new RequestReview(["bob"]), context);
        var item = new ActionItemState
        {
            Id = 1, Version = 1, IncidentId = 7, Status = ActionStatus.Open, CreatedBy = "alice", CreatedAt = context.Now, UpdatedAt = context.Now,
            Fields = new ActionFields("Add a canary stage that holds a deploy at 5 % for 10 minutes", "alice", new DateOnly(2026, 4, 1), ActionType.Prevent, ActionPriority.High, null),
        };
        var ready = context with { Actions = [item] };
        Assert.Empty(Postmortem.Problems(pm, ready));
        pm = Apply(pm, new PublishPostmortem(), ready);
        Assert.Equal(PostmortemStatus.Published, pm.Status);
        Assert.IsType<Invalid>(Postmortem.Decide(pm, new EditSection("lessons", "late"), ready).Error);
    }

    [Fact]
    public void CauseTags_AreKeptInLowerCaseOnce_ChangeAfterPublishing_AndRefuseWhatIsNotATag()
    {
        var story = Resolved();
        var context = Context(story);
        var pm = Apply(Created(story), new SetCauseTags([" Retry-Storm ", "expired-cert", "retry-storm"]), context);
        Assert.Equal(["retry-storm", "expired-cert"], pm.CauseTags);
        Assert.Empty(Postmortem.Decide(pm, new SetCauseTags(["RETRY-STORM", "expired-cert"]), context).Value);   // the same set again changes nothing
        Assert.Contains("Root-cause tags | retry-storm, expired-cert", PostmortemMarkdown.Render(pm, PostmortemDraft.Facts(story.State, story.Events, SeverityScale.Default, context.Now), [], []), StringComparison.Ordinal);

        pm = pm with { Status = PostmortemStatus.Published };
        pm = Apply(pm, new SetCauseTags([]), context);
        Assert.Empty(pm.CauseTags);
        Assert.Equal(PostmortemStatus.Published, pm.Status);
    }

    [Theory]
    [InlineData("retry storm")]
    [InlineData("-leading-dash")]
    [InlineData("<script>")]
    [InlineData("")]
    [InlineData("a-tag-that-is-far-too-long-to-be-a-useful-name")]
    public void ACauseTag_ThatIsNotATag_IsRefusedNamingTheField(string tag)
    {
        var story = Resolved();
        var refused = Postmortem.Decide(Created(story), new SetCauseTags([tag]), Context(story));
        Assert.Equal("tags", Assert.IsType<Invalid>(refused.Error).Field);
    }

    [Fact]
    public void MoreThanTenCauseTags_AreRefused()
    {
        var story = Resolved();
        var refused = Postmortem.Decide(Created(story), new SetCauseTags([.. Enumerable.Range(1, 11).Select(i => $"cause-{i}")]), Context(story));
        Assert.Contains("At most 10", Assert.IsType<Invalid>(refused.Error).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, "30 s")]
    [InlineData(60 * 12, "12 min")]
    [InlineData(3600 * 3 + 60 * 5, "3 h 5 min")]
    [InlineData(3600 * 2, "2 h")]
    [InlineData(86400 * 2 + 3600 * 4, "2 d 4 h")]
    [InlineData(86400, "1 d")]
    public void Spans_ReadAsPeopleSayThem(int seconds, string said) =>
        Assert.Equal(said, PostmortemDraft.Span(TimeSpan.FromSeconds(seconds)));
}
