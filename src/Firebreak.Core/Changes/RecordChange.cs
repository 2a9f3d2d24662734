namespace Firebreak.Core.Changes;

/// <summary>
/// Records a change as a person or a system sends it, every field as text: kind (deploy, config,
/// feature-flag, other; other when left out), the services it touched, a one-line summary, an optional
/// http(s) link, when it happened (<see cref="ChangeTime"/>: an instant or a time ago; now when left out)
/// and its source. Every interface (API, CLI, and intake receivers such as PagerDuty's change events)
/// builds this one command.
/// </summary>
public sealed record RecordChange(string? Kind, IReadOnlyList<string?>? Services, string? Summary, string? Link = null, string? At = null, string? Source = null);
