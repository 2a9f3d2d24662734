using System.Globalization;
using System.Security.Claims;
using Firebreak.Core.Access;
using Firebreak.Core.Incidents;

namespace Firebreak.Server.Access;

public static class ActorExtensions
{
    /// <summary>The signed-in caller; endpoints under /api only run once authentication succeeded.</summary>
    public static Actor Actor(this ClaimsPrincipal user)
    {
        WireNames.TryParse<UserRole>(user.FindFirstValue(ClaimTypes.Role), out var role);
        return new Actor(
            long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture),
            user.FindFirstValue(ClaimTypes.Name)!,
            role);
    }
}
