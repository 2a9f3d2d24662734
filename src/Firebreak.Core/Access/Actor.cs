using Firebreak.Core.Incidents;

namespace Firebreak.Core.Access;

/// <summary>The authenticated caller of an application service.</summary>
public sealed record Actor(long UserId, string Username, UserRole Role)
{
    public bool CanWrite => Accounts.MayWrite(Role);

    public bool IsAdmin => Role == UserRole.Admin;

    /// <summary>Private incidents exist only for their members and admins.</summary>
    public bool CanSee(IncidentState incident) => !incident.Private || IsAdmin || incident.IsMember(Username);
}
