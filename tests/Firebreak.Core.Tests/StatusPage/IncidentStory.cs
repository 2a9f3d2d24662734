using Firebreak.Core.Incidents;
using Firebreak.Core.StatusPage;
using Firebreak.Core.Tests.Incidents;

namespace Firebreak.Core.Tests.StatusPage;

/// <summary>
/// An incident told step by step at given minutes of the scenario, keeping the recorded events with
/// their times: what the status page and the uptime history read.
/// </summary>
internal sealed class IncidentStory
{
    public static readonly StatusComponent Checkout = new("Checkout", "Shop", null, ["checkout"]);
    public static readonly StatusComponent Search = new("Search", "Shop", null, ["search"]);
    public static readonly StatusComponent[] Page = [Checkout, Search];
    public static readonly string[] Names = [.. Page.Select(c => c.Name)];

    private readonly long _id;
    private readonly List<RecordedEvent> _events = [];

    private IncidentStory(long id) => _id = id;

    public IncidentState State { get; private set; } = null!;

    public IReadOnlyList<RecordedEvent> Events => _events;

    public (IncidentState State, IReadOnlyList<RecordedEvent> Events) Told => (State, _events);

    public static IncidentStory Declare(string severity = "SEV-2", string service = "checkout", bool isPrivate = false, double minute = 0, long id = 7, IReadOnlyDictionary<string, string?>? components = null)
    {
        var story = new IncidentStory(id);
        return story.Do(minute, new DeclareIncident("Checkout failing", severity, null, null, [service], null, isPrivate, null, null) { Components = components });
    }

    public IncidentStory Public(double minute, string status, string text = "An update for our users.") =>
        Do(minute, new PostUpdate("public", status, text));

    public IncidentStory Internal(double minute, string text = "A note for the team.") =>
        Do(minute, new PostUpdate("internal", null, text));

    public IncidentStory Impact(double minute, params (string Component, string Status)[] pairs) =>
        Do(minute, new StateImpact(pairs.ToDictionary(p => p.Component, p => (string?)p.Status, StringComparer.Ordinal)));

    public IncidentStory Do(double minute, IIncidentCommand command, string? overriding = null)
    {
        var context = Given.At(minute) with { Components = Names, Override = overriding };
        foreach (var e in Given.Events(State, command, context))
        {
            var recorded = new RecordedEvent(_id, _events.Count + 1, e, context.Actor, context.Now);
            _events.Add(recorded);
            State = Incident.Evolve(State, recorded);
        }

        return this;
    }

    public IReadOnlyList<StatusPeriod> Periods() =>
        [.. Uptime.PeriodsOf(Page, _events, SeverityScale.Default).OrderBy(p => p.Component, StringComparer.Ordinal).ThenBy(p => p.From)];
}
