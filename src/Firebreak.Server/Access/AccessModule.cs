using Firebreak.Core.Access;
using Firebreak.Core.Incidents;
using Microsoft.AspNetCore.Authentication;

namespace Firebreak.Server.Access;

public static class AccessModule
{
    /// <summary>Authorization policy for changes: responders and admins.</summary>
    public const string Write = "write";

    /// <summary>Authorization policy for account management: admins.</summary>
    public const string Admin = "admin";

    public static void AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccountService>();
        builder.Services
            .AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Write, p => p.RequireRole(WireNames.Of(UserRole.Responder), WireNames.Of(UserRole.Admin)))
            .AddPolicy(Admin, p => p.RequireRole(WireNames.Of(UserRole.Admin)));
    }
}
