namespace Firebreak.Core.Postmortems;

/// <summary>
/// Wording a rule found in a text: the rule's id, where the words are (<see cref="Start"/> and
/// <see cref="Length"/> in characters), the words themselves, what is wrong and a system-focused way to say it.
/// </summary>
public sealed record LanguageFinding(string Rule, int Start, int Length, string Excerpt, string Message, string Suggestion);
