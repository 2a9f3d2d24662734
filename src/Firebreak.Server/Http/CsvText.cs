namespace Firebreak.Server.Http;

/// <summary>Text fields of the CSV downloads (RFC 4180), safe to open in a spreadsheet.</summary>
public static class CsvText
{
    /// <summary>
    /// One field: a value that a spreadsheet would run as a formula starts with a quote mark, and a value
    /// holding a comma, a quote or a line break is quoted. Numbers written by the server need neither.
    /// </summary>
    public static string Field(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
