namespace Firebreak.Core.Postmortems;

/// <summary>
/// One blameless-language rule: a stable id, a .NET regular expression matched without regard to case,
/// what is wrong with the wording it finds and how to say it instead. The pattern may hold
/// <c>{person}</c>, which stands for any of the people known to the incident (by name) and any
/// <c>@mention</c>.
/// </summary>
public sealed record LanguageRule(string Id, string Pattern, string Message, string Suggestion);
