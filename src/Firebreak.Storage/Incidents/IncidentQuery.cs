using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Incidents;

/// <summary>Filters for the incident list. All are optional; results are newest first, active ones first.</summary>
public sealed record IncidentQuery
{
    public IReadOnlyList<IncidentStatus> Statuses { get; init; } = [];
    public IReadOnlyList<string> Severities { get; init; } = [];
    public string? Service { get; init; }
    public string? Text { get; init; }
    public bool? Active { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
}

/// <summary>Who is asking: private incidents are filtered out for non-members unless <see cref="SeesAll"/>.</summary>
public sealed record Viewer(string Username, bool SeesAll);

/// <summary>One page of incidents and the total that matched.</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentState> Items, long Total);

/// <summary>The outcome of an append: the new state and the events just recorded.</summary>
public sealed record Appended(IncidentState State, IReadOnlyList<RecordedEvent> Events);
