namespace Firebreak.Cli.Client;

/// <summary>
/// The filters of GET /api/v1/actions, as the server reads them; blank filters are left out, so the
/// server's default applies (open items only).
/// </summary>
public sealed record ActionListQuery
{
    /// <summary>Only items this username owns; "me" is the caller.</summary>
    public string? Owner { get; init; }

    /// <summary>Only items open past their due day.</summary>
    public bool Overdue { get; init; }

    /// <summary>Only items of incidents affecting this service.</summary>
    public string? Service { get; init; }

    /// <summary>Only items of incidents of this team's services.</summary>
    public string? Team { get; init; }

    /// <summary>Only the items of this incident (INC-7 or 7).</summary>
    public string? Incident { get; init; }

    /// <summary>Done and won't-do items as well.</summary>
    public bool All { get; init; }
}
