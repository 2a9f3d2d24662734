using Firebreak.Server.Incidents;

namespace Firebreak.Cli.Client;

/// <summary>
/// An incident and its whole timeline, read so that they agree: the incident is at least as new as
/// the timeline's last entry. Its JSON form is <c>{"incident": …, "timeline": [ … ]}</c>.
/// </summary>
public sealed record IncidentWithTimeline(IncidentDto Incident, IReadOnlyList<TimelineItemDto> Timeline);
