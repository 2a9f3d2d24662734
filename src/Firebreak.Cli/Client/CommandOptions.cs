namespace Firebreak.Cli.Client;

/// <summary>
/// What an incident command carries besides its fields: the version the caller last saw, sent as
/// If-Match so the server refuses (412) when someone changed the incident since, and the reason to
/// go past a blocking guardrail, which the server records on the timeline.
/// </summary>
/// <param name="IfVersion">Only apply at this incident version; null applies whatever the version.</param>
/// <param name="Override">Why it is right to go past a blocking guardrail; null or blank sends none.</param>
public sealed record CommandOptions(long? IfVersion = null, string? Override = null);
