using System.Globalization;
using Firebreak.Core.Common;

namespace Firebreak.Server.Http;

/// <summary>The incident version in ETag and If-Match: "7" (quoted), W/"7" and 7 are all accepted.</summary>
public static class IfMatch
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Null when the header is absent or "*"; an error when it is not a version.</summary>
    public static Result<long?> Read(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return (long?)null;
        }

        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : new Invalid("If-Match", $"If-Match must be the incident's ETag, a version number like \"7\"; '{header}' is not.");
    }
}
