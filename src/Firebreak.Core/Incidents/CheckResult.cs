namespace Firebreak.Core.Incidents;

/// <summary>One health-check outcome, as the verifier saw it.</summary>
public sealed record CheckResult(string Check, bool Passed, string Detail);
