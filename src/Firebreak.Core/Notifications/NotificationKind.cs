namespace Firebreak.Core.Notifications;

/// <summary>
/// What a route can ask to hear about, by the name firebreak.yaml uses: the lifecycle moments, each
/// audience's updates, and the nudges that must reach the role that has to act.
/// </summary>
public static class NotificationKind
{
    public const string Declared = "declared";
    public const string SeverityChanged = "severity-changed";
    public const string StatusChanged = "status-changed";
    public const string UpdateInternal = "update-internal";
    public const string UpdatePublic = "update-public";
    public const string Resolved = "resolved";
    public const string Silence = "silence";
    public const string NoCommander = "no-commander";
    public const string ManyVoices = "many-voices";
    public const string PostmortemOverdue = "postmortem-overdue";
    public const string FollowThrough = "follow-through";

    /// <summary>Sent by `firebreak channel test`, never by a route.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> Routable =
        [Declared, SeverityChanged, StatusChanged, UpdateInternal, UpdatePublic, Resolved, Silence, NoCommander, ManyVoices, PostmortemOverdue, FollowThrough];

    /// <summary>The nudges: a person must act, so the message names who.</summary>
    public static bool IsNudge(string kind) => kind is Silence or NoCommander or ManyVoices or PostmortemOverdue or FollowThrough;
}
