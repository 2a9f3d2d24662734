using System.Text;

namespace Firebreak.Server.Notifications.Channels.Mattermost;

/// <summary>
/// Mattermost renders markdown and, for Slack compatibility, <c>&lt;url|text&gt;</c> links and
/// <c>&lt;!channel&gt;</c> mentions. '&amp;', '&lt;' and '&gt;' become entities, markdown characters are
/// backslash-escaped, and a zero-width space follows every '@' so <c>@channel</c>, <c>@here</c>,
/// <c>@all</c> or <c>@someone</c> written in a title or text pings nobody. Every user-supplied string goes through here.
/// </summary>
public static class MattermostText
{
    private const string Special = "\\*_[]()#+-!`~|";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '@':
                    escaped.Append("@\u200B");
                    break;
                default:
                    if (Special.Contains(c, StringComparison.Ordinal))
                    {
                        escaped.Append('\\');
                    }

                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
