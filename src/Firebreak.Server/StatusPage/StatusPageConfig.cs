using Firebreak.Core.StatusPage;

namespace Firebreak.Server.StatusPage;

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
}
