using Firebreak.Core.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class EvolveTests
{
    [Fact]
    public void Evolve_EveryEventAdvancesVersionAndUpdatedAt()
    {
        var state = Given.Incident(Given.Declaration());
        var later = Given.Now.AddMinutes(5);
        var next = Incident.Evolve(state, new RecordedEvent(state.Id, state.Version + 1, new TimelineEntryAdded(EntryKind.Note, "x"), "bob", later));
        Assert.Equal(state.Version + 1, next.Version);
        Assert.Equal(later, next.UpdatedAt);
        Assert.Equal(state.DeclaredAt, next.DeclaredAt);
    }

    [Fact]
    public void Evolve_StreamNotStartingWithDeclaration_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Incident.Evolve(null, new RecordedEvent(1, 1, new ResponderJoined("a"), "a", Given.Now)));

    [Fact]
    public void Evolve_SecondDeclaration_Throws()
    {
        var state = Given.Incident(Given.Declaration());
        var declared = new IncidentDeclared("t", "SEV-1", null, null, [], Given.Now, false, IncidentStatus.Triage);
        Assert.Throws<InvalidOperationException>(() => Incident.Evolve(state, new RecordedEvent(7, state.Version + 1, declared, "a", Given.Now)));
    }

    [Fact]
    public void EventTypes_HaveStableNamesForEveryEvent()
    {
        var eventTypes = typeof(IIncidentEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IIncidentEvent).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(eventTypes);
        foreach (var type in eventTypes)
        {
            Assert.Contains(type, EventTypes.All);
        }

        Assert.Equal(typeof(IncidentDeclared), EventTypes.TypeOf("incident.declared.v1"));
    }

    [Theory]
    [InlineData("INC-7", 7)]
    [InlineData("inc-12", 12)]
    [InlineData("3", 3)]
    public void IncidentKey_Parses(string text, long id)
    {
        Assert.True(IncidentKey.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData("INC-")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("INC-1.5")]
    public void IncidentKey_RejectsNonKeys(string text) => Assert.False(IncidentKey.TryParse(text, out _));
}
