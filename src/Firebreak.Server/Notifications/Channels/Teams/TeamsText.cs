using System.Text;

namespace Firebreak.Server.Notifications.Channels.Teams;

/// <summary>
/// Adaptive Card TextBlock text renders a markdown subset; every character that could start a link,
/// emphasis, a heading, a list or a quote is backslash-escaped, so <c>[x](https://evil)</c> or
/// <c>*bold*</c> in a title or text shows as written. Every user-supplied string goes through here.
/// </summary>
public static class TeamsText
{
    private const string Special = "\\*_[]()#+-!`>~|<";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
