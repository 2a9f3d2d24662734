using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>What the public page shows: only what was said in public, each component at the worst impact of its active incidents.</summary>
public sealed class StatusBoardTests
{
    private static readonly StatusComponent Checkout = new("Checkout", "Shop", null, ["checkout"]);
    private static readonly StatusComponent Search = new("Search", "Shop", null, ["search"]);
    private static readonly StatusComponent[] Components = [Checkout, Search];

    private static (IncidentState, IReadOnlyList<RecordedEvent>) Told(string title, string severity, string service, bool isPrivate = false, params (string Audience, string? Status, string Text)[] updates)
    {
        var state = Given.Incident(new DeclareIncident(title, severity, null, null, [service], null, isPrivate, null, null));
        var events = new List<RecordedEvent>();
        foreach (var (audience, status, text) in updates)
        {
            var posted = Given.Events(state, new PostUpdate(audience, status, text));
            foreach (var e in posted)
            {
                events.Add(new RecordedEvent(state.Id, state.Version + events.Count + 1, e, "alice", Given.Now));
            }

            state = Given.Record(state, posted, Given.As());
        }

        return (state, events);
    }

    [Fact]
    public void AnActivePublicIncident_SetsItsComponents_AtItsSeveritysImpact_AndTheWorstWins()
    {
        var board = StatusBoard.Build(
            Components,
            [
                Told("Card payments failing", "SEV-1", "checkout", false, ("public", "investigating", "We are looking into failed payments.")),
                Told("Slow search", "SEV-3", "search", false, ("public", "identified", "Search is slow; a fix is rolling out.")),
                Told("Checkout latency", "SEV-3", "checkout", false, ("public", "investigating", "Checkout is slow.")),
            ],
            SeverityScale.Default,
            Given.Now);

        Assert.Equal([ComponentStatus.MajorOutage, ComponentStatus.DegradedPerformance], board.Components.Select(c => c.Status));
        Assert.Equal(ComponentStatus.MajorOutage, board.Overall);
        Assert.Equal("Major System Outage", StatusBoard.Describe(board.Overall));
    }

    [Fact]
    public void PrivateIncidents_IncidentsNotYetToldInPublic_AndInternalUpdates_NeverAppear()
    {
        var board = StatusBoard.Build(
            Components,
            [
                Told("Leaked keys", "SEV-1", "checkout", true, ("public", "investigating", "secret words")),
                Told("Quiet one", "SEV-1", "search", false, ("internal", null, "internal only")),
                Told("Told one", "SEV-2", "search", false, ("internal", null, "internal words"), ("public", "investigating", "Public words.")),
            ],
            SeverityScale.Default,
            Given.Now);

        var told = Assert.Single(board.Incidents);
        Assert.Equal("Told one", told.Title);
        Assert.Equal(["Public words."], told.Updates.Select(u => u.Body));
        Assert.Equal([ComponentStatus.Operational, ComponentStatus.PartialOutage], board.Components.Select(c => c.Status));
    }

    [Fact]
    public void AResolvedIncident_StaysInTheHistory_AndItsComponentsGoBack()
    {
        var board = StatusBoard.Build(
            Components,
            [Told("Card payments failing", "SEV-1", "checkout", false, ("public", "investigating", "Looking."), ("public", "resolved", "Fixed."))],
            SeverityScale.Default,
            Given.Now);

        var incident = Assert.Single(board.Incidents);
        Assert.False(incident.IsActive);
        Assert.Equal(Given.Now, incident.ResolvedAt);
        Assert.Equal(["Looking.", "Fixed."], incident.Updates.Select(u => u.Body));
        Assert.All(board.Components, c => Assert.Equal(ComponentStatus.Operational, c.Status));
        Assert.Equal("All Systems Operational", StatusBoard.Describe(board.Overall));
    }
}
