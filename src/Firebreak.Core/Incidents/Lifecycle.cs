namespace Firebreak.Core.Incidents;

/// <summary>
/// The allowed moves between statuses. Forward moves may skip steps (a fix can be confirmed while
/// still investigating); backward moves exist because a recurrence or a wrong hypothesis happens.
/// Declining is its own command because it needs a reason; closed and declined are final.
/// </summary>
public static class Lifecycle
{
    private static readonly Dictionary<IncidentStatus, IncidentStatus[]> Moves = new()
    {
        [IncidentStatus.Triage] = [IncidentStatus.Investigating, IncidentStatus.Identified],
        [IncidentStatus.Investigating] = [IncidentStatus.Identified, IncidentStatus.Monitoring, IncidentStatus.Resolved],
        [IncidentStatus.Identified] = [IncidentStatus.Investigating, IncidentStatus.Monitoring, IncidentStatus.Resolved],
        [IncidentStatus.Monitoring] = [IncidentStatus.Investigating, IncidentStatus.Identified, IncidentStatus.Resolved],
        [IncidentStatus.Resolved] = [IncidentStatus.Closed, IncidentStatus.Investigating],
        [IncidentStatus.Closed] = [],
        [IncidentStatus.Declined] = [],
    };

    public static IReadOnlyList<IncidentStatus> AllowedFrom(IncidentStatus from) => Moves[from];

    public static bool IsFinal(IncidentStatus status) => status is IncidentStatus.Closed or IncidentStatus.Declined;

    public static bool IsActive(IncidentStatus status) =>
        status is not (IncidentStatus.Resolved or IncidentStatus.Closed or IncidentStatus.Declined);

    public static string Name(IncidentStatus status) => WireNames.Of(status);
}
