namespace Firebreak.Core.Incidents;

/// <summary>A running verification: checks must pass until <see cref="EndsAt"/>.</summary>
public sealed record VerificationWindow(DateTimeOffset StartedAt, DateTimeOffset EndsAt, IReadOnlyList<string> Checks, IReadOnlyList<string> Failing);
