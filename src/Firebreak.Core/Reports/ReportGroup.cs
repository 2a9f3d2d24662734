namespace Firebreak.Core.Reports;

/// <summary>
/// The figures of one group of incidents (all of them, a severity, a service, or a UTC month of their
/// start). Incidents counts every incident, private and declined ones too; the timings leave out the
/// declined (false alarms), and time to resolve leaves out those not resolved.
/// </summary>
public sealed record ReportGroup(
    string Dimension,
    string Group,
    int Incidents,
    int Declined,
    int Resolved,
    int Repeats,
    Timing Detect,
    Timing Acknowledge,
    Timing Mitigate,
    Timing Resolve,
    ActionFigures Actions,
    Compliance Compliance);
