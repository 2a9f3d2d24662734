using System.Text.RegularExpressions;
using Firebreak.Core.Incidents;
using Firebreak.Core.Triage;

namespace Firebreak.Core.Tests.Incidents;

/// <summary>Every event the engine decides has a stable stored name, folds, and reads as a timeline line.</summary>
public sealed partial class EventCatalogueTests
{
    /// <summary>Runs one incident through every process step (and declines a second), collecting the decided events.</summary>
    private static List<IIncidentEvent> EveryKindOfEvent()
    {
        var all = new List<IIncidentEvent>();
        IncidentState? state = null;

        void Do(IIncidentCommand command, DecisionContext context)
        {
            var events = Given.Events(state, command, context);
            all.AddRange(events);
            state = Given.Record(state, events, context);
        }

        void At(double minute, IIncidentCommand command, string actor = "alice") => Do(command, Given.At(minute, actor));

        At(0, Given.Declaration(severity: "SEV-1", commander: "carol") with { Triage = new TriageAnswers { SecurityBreach = Answer.Yes } });
        At(1, new AddEntry("hypothesis", "Leaked API key"));
        var hypothesis = state!.Version;
        var entry = new TimelineEntryAdded(EntryKind.Hypothesis, "Leaked API key");
        At(2, new PinEntry(hypothesis, true, entry));
        At(3, new PinEntry(hypothesis, false, entry));
        At(4, new SetHypothesis(hypothesis, "confirmed", entry));
        At(5, new CheckChecklistItem("security", 1));
        At(6, new JoinResponse(), "bob");
        At(7, new LeaveResponse(), "bob");
        At(8, new AssignRole("comms-lead", "dave"));
        At(9, new PostUpdate("internal", null, "Rotating keys."));
        At(10, new ProposeMitigation("other", "Revoke every session", "alice", null, true, null, null));
        At(11, new ApproveMitigation(1), "carol");
        At(12, new StartMitigation(1));
        At(13, new ApplyMitigation(1));
        At(14, new VerifyMitigation(1, null));
        At(15, new ProposeMitigation("hotfix", "Patch the key check", null, null, false, null, null));
        Do(new StartMitigation(2), Given.Overriding("the old build leaks keys too") with { Now = Given.Minute(16) });
        At(17, new AbandonMitigation(2, "not needed"));
        At(18, Given.Evidence("access.log"));
        At(19, new ChangeSeverity("SEV-2", "contained"));
        Do(new StateImpact(new Dictionary<string, string?> { ["API"] = "partial_outage" }), Given.At(20, "alice") with { Components = ["API"] });
        At(40, new RecordNudges(), "firebreak");
        Do(new ChangeStatus("resolved", null), Given.Checking("checkout") with { Now = Given.Minute(41) });
        At(42, new RecordVerification([new CheckResult("checkout", false, "HTTP 503"), new CheckResult("payments", false, "timeout")]), "firebreak");
        At(42.5, new RecordVerification([new CheckResult("checkout", false, "HTTP 503"), new CheckResult("payments", true, "HTTP 200")]), "firebreak");
        At(43, new RecordVerification([new CheckResult("checkout", true, "HTTP 200")]), "firebreak");
        At(43.5, new AddEntry("symptom", "a few 502s again"));
        At(60, new RecordVerification([new CheckResult("checkout", true, "HTTP 200")]), "firebreak");
        Assert.Equal(IncidentStatus.Resolved, state.Status);

        state = null;
        At(0, Given.Declaration(status: "triage"));
        At(1, new DeclineIncident("the alert threshold was too low"));
        return all;
    }

    [Fact]
    public void EveryEventType_IsDecidedSomewhereInTheProcess()
    {
        var decided = EveryKindOfEvent().Select(e => e.GetType()).ToHashSet();

        Assert.Empty(EventTypes.All.Where(t => !decided.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void EveryDecidedEvent_HasAVersionedStoredNameThatRoundTrips()
    {
        foreach (var e in EveryKindOfEvent())
        {
            var name = EventTypes.NameOf(e);
            Assert.Matches(StoredName(), name);
            Assert.Equal(e.GetType(), EventTypes.TypeOf(name));
        }
    }

    [Fact]
    public void EveryEventType_HasItsOwnStoredName()
    {
        var names = EveryKindOfEvent().GroupBy(e => e.GetType()).Select(g => EventTypes.NameOf(g.First())).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EveryDecidedEvent_ReadsAsATimelineLine()
    {
        foreach (var e in EveryKindOfEvent())
        {
            Assert.NotEqual("event", TimelineText.Kind(e));
            Assert.NotEqual(e.GetType().Name, TimelineText.Describe(e));
        }
    }

    [Fact]
    public void UnknownStoredName_Throws() =>
        Assert.Throws<InvalidOperationException>(() => EventTypes.TypeOf("incident.teleported.v1"));

    [GeneratedRegex(@"^incident\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$")]
    private static partial Regex StoredName();
}
