using Firebreak.Core.Notifications;

namespace Firebreak.Server.Notifications.Channels;

/// <summary>How pressing a message is, for a chat card's colour.</summary>
public enum ChatUrgency
{
    Resolved,
    Highest,
    High,
    Other,
}

/// <summary>
/// What every chat message shows besides its headline and text, in the same order on every chat
/// channel, so Slack, Teams and Mattermost readers see the same facts. Values are raw: each renderer
/// escapes them for its own markup.
/// </summary>
public static class ChatFacts
{
    public const int MaxText = 500;

    public static IReadOnlyList<(string Label, string Value)> Of(Notification n)
    {
        var facts = new List<(string, string)> { ("Severity", n.Severity), ("Status", n.Status) };
        if (n.PublicStatus is { } publicStatus)
        {
            facts.Add(("Public status", publicStatus));
        }

        if (n.Services.Count > 0)
        {
            facts.Add(("Services", string.Join(", ", n.Services)));
        }

        if (n.AddressedTo.Count > 0)
        {
            facts.Add(("Needs", string.Join(", ", n.AddressedTo.Select(a => $"{a.Role.Replace('-', ' ')} ({a.Holder})"))));
        }

        return facts;
    }

    /// <summary>The severity's place, read from its name in the default scale (SEV-1 highest); a resolved incident is resolved whatever its level.</summary>
    public static ChatUrgency Urgency(Notification n) =>
        n.Kind == NotificationKind.Resolved || n.Status == "resolved" ? ChatUrgency.Resolved
        : string.Equals(n.Severity, "SEV-1", StringComparison.OrdinalIgnoreCase) ? ChatUrgency.Highest
        : string.Equals(n.Severity, "SEV-2", StringComparison.OrdinalIgnoreCase) ? ChatUrgency.High
        : ChatUrgency.Other;

    /// <summary>Who did it and when, for a footer line.</summary>
    public static string When(Notification n) => n.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>At most <paramref name="max"/> characters, with an ellipsis when cut.</summary>
    public static string Clip(string text, int max) => Core.Common.Text.Clip(text, max);
}
