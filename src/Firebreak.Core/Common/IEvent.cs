namespace Firebreak.Core.Common;

/// <summary>
/// Something that happened, kept in one stream of the stream store. Each slice's events implement
/// its own marker (<c>IIncidentEvent</c>, …) and are stored under stable names, never CLR names.
/// </summary>
public interface IEvent;
