using System.Globalization;

namespace Firebreak.Core.Common;

/// <summary>
/// Shared checks on free text coming from people. Two shapes: a <em>line</em> (titles, names,
/// usernames) holds no control character at all and no bidirectional control; a <em>body</em>
/// (notes, summaries, reasons) may keep tabs and line breaks, and nothing else below U+0020 or in C1.
/// </summary>
public static class Text
{
    /// <summary>At most <paramref name="max"/> characters, with an ellipsis when cut: for echoing input in an error.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>
    /// Characters that change the order text is shown in without being seen: U+202A–U+202E
    /// (embeddings and overrides), U+2066–U+2069 (isolates), U+200E and U+200F (marks), U+061C.
    /// In a name they can make a file ending in '.exe' show as one ending in '.png'.
    /// </summary>
    public static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Trims and checks a required body text field; returns the error or null.</summary>
    public static Invalid? Required(string field, string? value, int maxLength, out string trimmed) =>
        Check(field, value, maxLength, required: true, line: false, out trimmed);

    /// <summary>Trims and checks an optional body text field (null reads as empty).</summary>
    public static Invalid? Optional(string field, string? value, int maxLength, out string trimmed) =>
        Check(field, value, maxLength, required: false, line: false, out trimmed);

    /// <summary>Trims and checks a required single line: a title or a name.</summary>
    public static Invalid? RequiredLine(string field, string? value, int maxLength, out string trimmed) =>
        Check(field, value, maxLength, required: true, line: true, out trimmed);

    /// <summary>Trims and checks an optional single line (null reads as empty).</summary>
    public static Invalid? OptionalLine(string field, string? value, int maxLength, out string trimmed) =>
        Check(field, value, maxLength, required: false, line: true, out trimmed);

    /// <summary>The first character a field of that shape may not hold, or null: for checks without a length or trimming.</summary>
    public static Invalid? Forbidden(string field, string value, bool line)
    {
        foreach (var c in value)
        {
            if (line && IsBidiControl(c))
            {
                return new Invalid(field, $"'{field}' contains an invisible bidirectional control character ({CodePoint(c)}), which changes the order the text is shown in; remove it.");
            }

            if (char.IsControl(c) && (line || c is not ('\n' or '\r' or '\t')))
            {
                return new Invalid(field, line
                    ? $"'{field}' contains control characters ({CodePoint(c)}); it must be one line of printable text: remove them."
                    : $"'{field}' contains control characters ({CodePoint(c)}); only tabs and line breaks may be in it: remove them.");
            }
        }

        return null;
    }

    private static Invalid? Check(string field, string? value, int maxLength, bool required, bool line, out string trimmed)
    {
        trimmed = value?.Trim() ?? string.Empty;
        if (required && trimmed.Length == 0)
        {
            return new Invalid(field, $"'{field}' is required: give a non-empty text.");
        }

        if (trimmed.Length > maxLength)
        {
            return new Invalid(field, $"'{field}' is {trimmed.Length} characters long; the limit is {maxLength}. Shorten it.");
        }

        return Forbidden(field, trimmed, line);
    }

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
