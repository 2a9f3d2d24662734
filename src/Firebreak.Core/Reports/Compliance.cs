namespace Firebreak.Core.Reports;

/// <summary>
/// Whether the process was followed: updates that kept the severity's cadence (resolved incidents whose
/// severity sets one), a commander within the severity's response target after declare, resolves shown
/// to hold by a passed verification (with the resolves that overrode it counted), required postmortems
/// published by their due time.
/// </summary>
public sealed record Compliance(Share Cadence, Share CommanderInTarget, Share VerifiedResolves, int OverriddenResolves, Share PostmortemsOnTime);
