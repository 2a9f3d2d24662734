namespace Firebreak.Server.Http;

/// <summary>
/// The one check for a redirect target that came from the request (a form field, a query string):
/// only a path on this server passes, anything a browser could read as another site does not.
/// </summary>
public static class LocalUrl
{
    /// <summary>Longer targets are refused rather than sent back in a header.</summary>
    public const int MaxLength = 2048;

    /// <summary>The target when it is a local path, else the fallback.</summary>
    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url! : fallback;

    /// <summary>
    /// A single "/" then anything but "/" or "\", printable ASCII only. Browsers drop tabs and newlines
    /// from a URL and read "\" as "/", so "/\t/evil.example" and "/\evil.example" both mean
    /// "//evil.example", another host; so every control character, space and backslash is refused
    /// wherever it stands. Once percent escapes are decoded (in case something on the way, a proxy or a
    /// second redirect, decodes them) the target must still start that way and hold no control character.
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !StartsAsPath(url))
        {
            return false;
        }

        foreach (var c in url)
        {
            // No control characters, nothing a header cannot carry, nothing a browser strips or rewrites.
            if (c is <= ' ' or > '~' or '\\')
            {
                return false;
            }
        }

        var decoded = url;
        for (var round = 0; round < 3 && decoded.Contains('%', StringComparison.Ordinal); round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            if (!StartsAsPath(next) || next.Any(char.IsControl))
            {
                return false;
            }

            decoded = next;
        }

        return true;
    }

    private static bool StartsAsPath(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'));
}
