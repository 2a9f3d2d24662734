using Firebreak.Core.StatusPage;

namespace Firebreak.Server.StatusPage;

/// <summary>
/// Who may subscribe to the page: email addresses, sent through the named email channel's mail server
/// (null: no email sign-up), and webhooks added by an admin; sign-ups allowed per client address per hour.
/// </summary>
public sealed record SubscribersConfig(string? EmailChannel, bool Webhooks, int SignUpsPerHour)
{
    public static readonly SubscribersConfig None = new(null, false, 5);

    public bool Offered => EmailChannel is not null || Webhooks;
}

/// <summary>A link in the status page's header (the product's home, support).</summary>
public sealed record StatusLink(string Name, Uri Url);

/// <summary>
/// The statusPage section of firebreak.yaml: the page's name and its components, in order; how long
/// ahead maintenance is announced; how uptime weighs each status; and the branding.
/// </summary>
public sealed record StatusPageConfig(string Name, IReadOnlyList<StatusComponent> Components)
{
    public static readonly StatusPageConfig Default = new("Status", []);

    /// <summary>How long before its start a maintenance is announced (zero: only at start and end).</summary>
    public TimeSpan RemindAhead { get; init; } = TimeSpan.FromHours(1);

    public UptimeWeights Weights { get; init; } = UptimeWeights.Default;

    /// <summary>An image shown beside the name (an absolute http(s) URL), or none.</summary>
    public Uri? LogoUrl { get; init; }

    /// <summary>The accent colour of the header and links, as #rrggbb.</summary>
    public string Accent { get; init; } = "#1f4f99";

    public IReadOnlyList<StatusLink> Links { get; init; } = [];

    public SubscribersConfig Subscribers { get; init; } = SubscribersConfig.None;
}
