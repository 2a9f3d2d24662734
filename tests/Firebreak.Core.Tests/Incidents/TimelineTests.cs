using Firebreak.Core.Common;
using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class TimelineTests
{
    [Theory]
    [InlineData("note", EntryKind.Note)]
    [InlineData("symptom", EntryKind.Symptom)]
    [InlineData("hypothesis", EntryKind.Hypothesis)]
    [InlineData("action", EntryKind.Action)]
    [InlineData("result", EntryKind.Result)]
    [InlineData("decision", EntryKind.Decision)]
    [InlineData("COMMAND", EntryKind.Command)]
    public void AddEntry_OfEachKind_IsRecorded(string kind, EntryKind expected)
    {
        var events = Given.Events(Given.Incident(Given.Declaration()), new AddEntry(kind, "  text  "));
        Assert.Equal(new TimelineEntryAdded(expected, "text"), Assert.Single(events));
    }

    [Theory]
    [InlineData("status-update")]
    [InlineData("")]
    [InlineData(null)]
    public void AddEntry_OfUnknownKind_NamesTheKinds(string? kind)
    {
        var error = Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new AddEntry(kind, "text"));
        Assert.Equal("kind", error.Field);
        Assert.Contains("hypothesis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEntry_Over20000Characters_IsInvalid()
    {
        var state = Given.Incident(Given.Declaration());
        Assert.Equal("text", Given.Rejection<Invalid>(state, new AddEntry("note", new string('x', 20_001))).Field);
        Assert.Single(Given.Events(state, new AddEntry("note", new string('x', 20_000))));
    }

    [Fact]
    public void AddEntry_Empty_IsInvalid() =>
        Assert.Equal("text", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new AddEntry("note", " ")).Field);

    [Fact]
    public void Pin_WrittenEntry_PinsAndUnpins()
    {
        var state = Given.Incident(Given.Declaration(), new AddEntry("symptom", "5xx on /pay"));
        var entry = new TimelineEntryAdded(EntryKind.Symptom, "5xx on /pay");

        state = Given.Apply(state, new PinEntry(3, true, entry), Given.As());
        Assert.Equal([3L], state.Pinned);
        Assert.Empty(Given.Events(state, new PinEntry(3, true, entry)));

        state = Given.Apply(state, new PinEntry(3, false, entry), Given.As());
        Assert.Empty(state.Pinned);
    }

    [Fact]
    public void Pin_MissingEntry_IsNotFound() =>
        Given.Rejection<NotFound>(Given.Incident(Given.Declaration()), new PinEntry(99, true, null));

    [Fact]
    public void Pin_RecordedChange_IsInvalid() =>
        Assert.Equal("entry", Given.Rejection<Invalid>(Given.Incident(Given.Declaration()), new PinEntry(2, true, new ResponderJoined("alice"))).Field);

    [Fact]
    public void TimelineText_DescribesHandoffWithFromAndTo()
    {
        Assert.Equal("commander handed off from alice to bob", TimelineText.Describe(new RoleAssigned("commander", "bob", "alice")));
        Assert.Equal("Status investigating → identified: bad deploy", TimelineText.Describe(new StatusChanged(IncidentStatus.Investigating, IncidentStatus.Identified, "bad deploy")));
    }
}
