using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Firebreak.Cli.Incidents;

/// <summary>
/// The number of something on an incident (a mitigation, an entry, an item), read so that a value that is
/// not one, or too large to be one, is refused naming the value given, in the product's words.
/// </summary>
public static class NumberArgument
{
    public static Argument<int> Int(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Read(result, name, int.MaxValue) is { } n ? (int)n : 0,
    };

    public static Argument<long> Long(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Read(result, name, long.MaxValue) ?? 0,
    };

    private static long? Read(ArgumentResult result, string name, long max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max)
        {
            return n;
        }

        result.AddError($"'{text}' is not a number for {("aeiou".Contains(name[0], StringComparison.Ordinal) ? "an" : "a")} {name}; use the number 'show' lists for it (for example 1).");
        return null;
    }
}
