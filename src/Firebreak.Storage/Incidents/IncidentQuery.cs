using Firebreak.Core.Incidents;

namespace Firebreak.Storage.Incidents;

/// <summary>Who is asking: private incidents are filtered out for non-members unless <see cref="SeesAll"/>.</summary>
public sealed record Viewer(string Username, bool SeesAll);

/// <summary>One page of incidents and the total that matched.</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentState> Items, long Total);

/// <summary>The outcome of an append: the new state and the events just recorded.</summary>
public sealed record Appended(IncidentState State, IReadOnlyList<RecordedEvent> Events);
