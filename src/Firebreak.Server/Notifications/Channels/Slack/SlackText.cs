using System.Text;

namespace Firebreak.Server.Notifications.Channels.Slack;

/// <summary>
/// Slack mrkdwn escaping: '&amp;', '&lt;' and '&gt;' become entities, so a title or text holding
/// <c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c> or <c>&lt;https://evil|x&gt;</c> shows as text and
/// neither pings nor links. Every user-supplied string in a mrkdwn field goes through here.
/// </summary>
public static class SlackText
{
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
