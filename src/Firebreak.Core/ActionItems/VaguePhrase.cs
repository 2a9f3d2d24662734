namespace Firebreak.Core.ActionItems;

/// <summary>
/// Wording that leaves an action item open-ended: a .NET regular expression matched without regard to
/// case, whether a concrete object followed by a measure or a named mechanism makes it acceptable
/// (<see cref="ConcreteAllowed"/>), what is wrong and how to fix it.
/// </summary>
public sealed record VaguePhrase(string Pattern, bool ConcreteAllowed, string Message, string Fix);
