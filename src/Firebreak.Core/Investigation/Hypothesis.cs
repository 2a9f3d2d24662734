namespace Firebreak.Core.Investigation;

/// <summary>A hypothesis entry and where it stands.</summary>
public sealed record Hypothesis(long Entry, HypothesisStatus Status, DateTimeOffset At);
