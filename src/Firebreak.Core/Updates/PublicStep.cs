namespace Firebreak.Core.Updates;

/// <summary>A public update as the status history sees it: the timeline entry (<see cref="Version"/>), its status and when it went out.</summary>
public sealed record PublicStep(long Version, PublicStatus Status, DateTimeOffset At);
