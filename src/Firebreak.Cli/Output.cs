using System.CommandLine;
using System.Globalization;

namespace Firebreak.Cli;

/// <summary>Readable text by default, the server's JSON with --json.</summary>
public static class Output
{
    public static void Write(ParseResult parse, string json, Func<string> readable)
    {
        Console.WriteLine(parse.GetValue(GlobalOptions.Json) ? json : readable());
    }

    public static string Time(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Age(DateTimeOffset since, DateTimeOffset now)
    {
        var age = now - since;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h{age.Minutes:00}m"
            : $"{(int)age.TotalDays}d{age.Hours}h";
    }
}
