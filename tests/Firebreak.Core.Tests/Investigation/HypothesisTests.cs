using Firebreak.Core.Common;
using Firebreak.Core.Incidents;
using Firebreak.Core.Investigation;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.Investigation;

public sealed class HypothesisTests
{
    private static readonly TimelineEntryAdded Entry = new(EntryKind.Hypothesis, "The 08:50 deploy broke the payment client.");

    private static IncidentState WithHypothesis(out long entry)
    {
        var state = Given.Incident(Given.Declaration(), new AddEntry("hypothesis", Entry.Text));
        entry = state.Version;
        return state;
    }

    [Fact]
    public void AddEntry_Hypothesis_OpensIt()
    {
        var state = WithHypothesis(out var entry);

        Assert.Equal(new Hypothesis(entry, HypothesisStatus.Open, Given.Now), Assert.Single(state.Hypotheses));
    }

    [Theory]
    [InlineData("confirmed", HypothesisStatus.Confirmed)]
    [InlineData("REJECTED", HypothesisStatus.Rejected)]
    public void SetHypothesis_OnAHypothesisEntry_ChangesItsStatus(string status, HypothesisStatus expected)
    {
        var state = WithHypothesis(out var entry);

        Assert.Equal([new HypothesisUpdated(entry, expected)], Given.Events(state, new SetHypothesis(entry, status, Entry)));
        state = Given.ApplyAt(state, 7, new SetHypothesis(entry, status, Entry));
        Assert.Equal(new Hypothesis(entry, expected, Given.Minute(7)), Assert.Single(state.Hypotheses));
    }

    [Fact]
    public void SetHypothesis_SameStatusAgain_RecordsNothing()
    {
        var state = WithHypothesis(out var entry);
        state = Given.Apply(state, new SetHypothesis(entry, "rejected", Entry), Given.As());

        Assert.Empty(Given.Events(state, new SetHypothesis(entry, "rejected", Entry)));
    }

    [Fact]
    public void SetHypothesis_RejectedThenReopened_IsOpenAgain()
    {
        var state = WithHypothesis(out var entry);
        state = Given.Apply(state, new SetHypothesis(entry, "rejected", Entry), Given.As());
        state = Given.Apply(state, new SetHypothesis(entry, "open", Entry), Given.As());

        Assert.Equal(HypothesisStatus.Open, Assert.Single(state.Hypotheses).Status);
    }

    [Fact]
    public void SetHypothesis_OnAnEntryThatIsNotAHypothesis_IsInvalid()
    {
        var state = Given.Incident(Given.Declaration(), new AddEntry("symptom", "5xx on /pay"));

        var error = Given.Rejection<Invalid>(state, new SetHypothesis(state.Version, "confirmed", new TimelineEntryAdded(EntryKind.Symptom, "5xx on /pay")));

        Assert.Equal("entry", error.Field);
        Assert.Contains("not a hypothesis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetHypothesis_OnARecordedChange_IsInvalid() =>
        Assert.Equal("entry", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new SetHypothesis(2, "confirmed", new ResponderJoined("alice"))).Field);

    [Fact]
    public void SetHypothesis_MissingEntry_IsNotFound() =>
        Given.Rejection<NotFound>(Given.Incident(Given.Declaration()), new SetHypothesis(99, "confirmed", null));

    [Theory]
    [InlineData("maybe")]
    [InlineData(null)]
    public void SetHypothesis_UnknownStatus_IsInvalid(string? status)
    {
        var state = WithHypothesis(out var entry);

        Assert.Equal("status", Given.Rejection<Invalid>(state, new SetHypothesis(entry, status, Entry)).Field);
    }
}
