using Firebreak.Server.Configuration;

namespace Firebreak.Server.Postmortems.Trackers;

/// <summary>
/// An external tracker action items can be pushed to, from postmortems.trackers in firebreak.yaml:
/// a signed generic webhook, GitHub Issues (a repository) or Jira (a project). A private incident's
/// items go only to a tracker marked private.
/// </summary>
public sealed record TrackerOptions(string Name, string Type, Uri Url, bool Private)
{
    public const string Webhook = "webhook";
    public const string GitHub = "github";
    public const string Jira = "jira";

    public static readonly IReadOnlyList<string> Types = [Webhook, GitHub, Jira];

    /// <summary>GitHub: owner/name.</summary>
    public string? Repo { get; init; }

    /// <summary>Jira: the project key, and the issue type made (Task by default).</summary>
    public string? Project { get; init; }

    public string IssueType { get; init; } = "Task";

    /// <summary>Jira with basic authentication: the account the token belongs to (without it the token is sent as a bearer token).</summary>
    public string? User { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The webhook's signing secret (Standard Webhooks).</summary>
    public Secret? Secret { get; init; }

    /// <summary>GitHub's or Jira's API token.</summary>
    public Secret? Token { get; init; }

    /// <summary>The channel its pushes are delivered through.</summary>
    public string Channel => $"tracker-{Name}";
}
