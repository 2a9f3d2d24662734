using Firebreak.Core.Incidents;

namespace Firebreak.Server.Incidents;

public static class IncidentStateExtensions
{
    /// <summary>The statuses a person may pick from a form (resolving has its own button; declining its own form).</summary>
    public static IReadOnlyList<IncidentStatus> AllowedStatuses(this IncidentState state) =>
        [.. Lifecycle.AllowedFrom(state.Status).Where(s => s != IncidentStatus.Resolved)];
}
