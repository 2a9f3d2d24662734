namespace Firebreak.Cli.Client;

/// <summary>
/// The filters of GET /api/v1/incidents, as the server reads them; blank filters are left out, so
/// the server's defaults apply (active first, 50 at a time).
/// </summary>
public sealed record IncidentListQuery
{
    /// <summary>Comma-separated statuses, e.g. "investigating,identified".</summary>
    public string? Status { get; init; }

    /// <summary>Comma-separated severities or their aliases, e.g. "SEV-1,P1".</summary>
    public string? Severity { get; init; }

    /// <summary>Only incidents affecting this service.</summary>
    public string? Service { get; init; }

    /// <summary>Free text in title, summary, impact or services.</summary>
    public string? Search { get; init; }

    /// <summary>Only incidents not yet resolved.</summary>
    public bool ActiveOnly { get; init; }

    /// <summary>At most this many (1–200).</summary>
    public int? Limit { get; init; }

    /// <summary>Skip this many, for paging.</summary>
    public int? Offset { get; init; }
}
