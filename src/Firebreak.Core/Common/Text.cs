namespace Firebreak.Core.Common;

/// <summary>Shared checks on free text coming from people.</summary>
public static class Text
{
    /// <summary>Trims and checks a required text field; returns the error or null.</summary>
    public static Invalid? Required(string field, string? value, int maxLength, out string trimmed)
    {
        trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return new Invalid(field, $"'{field}' is required: give a non-empty text.");
        }

        return Optional(field, trimmed, maxLength, out trimmed);
    }

    /// <summary>Trims and checks an optional text field (null stays null).</summary>
    public static Invalid? Optional(string field, string? value, int maxLength, out string trimmed)
    {
        trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length > maxLength)
        {
            return new Invalid(field, $"'{field}' is {trimmed.Length} characters long; the limit is {maxLength}. Shorten it.");
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return new Invalid(field, $"'{field}' contains control characters; remove them.");
        }

        return null;
    }
}
