using Firebreak.Core.Access;
using Firebreak.Core.Incidents;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Firebreak.Server.Access;

public static class AccessModule
{
    /// <summary>Authorization policy for changes: responders and admins.</summary>
    public const string Write = "write";

    /// <summary>Authorization policy for account management: admins.</summary>
    public const string Admin = "admin";

    /// <summary>Every /api route: an API token (or Basic), answered with 401 problem+json when missing.</summary>
    public const string Api = "api";

    /// <summary>Every web page and form: the sign-in cookie, redirecting to /signin when missing.</summary>
    public const string Web = "web";

    public const string CookieScheme = "FirebreakCookie";

    /// <summary>The cookie's claim holding its session's secret (the cookie itself is encrypted).</summary>
    public const string SessionClaim = "firebreak:session";

    public static void AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new CredentialCache<Storage.Access.User>(u => u.Id));
        builder.Services.AddSingleton(new CredentialCache<Storage.Access.SessionGrant>(g => g.User.Id));
        builder.Services.AddSingleton<Storage.Access.SessionStore>();
        builder.Services.AddSingleton<SessionService>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services
            .AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "firebreak";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/signin";
                cookie.LogoutPath = "/signout";
                cookie.AccessDeniedPath = "/denied";
                // The cookie lives no longer than its session may; the session on the server decides
                // whether it still holds (ended, idle too long, account disabled or role changed).
                cookie.ExpireTimeSpan = SessionService.Lifetime;
                cookie.SlidingExpiration = false;
                CookieRedirects.Apply(cookie.Events);
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
                    var grant = await sessions.CheckAsync(context.Principal?.FindFirstValue(SessionClaim), context.HttpContext.RequestAborted);
                    if (grant is null
                        || grant.User.Username != context.Principal!.FindFirstValue(ClaimTypes.Name)
                        || WireNames.Of(grant.User.Role) != context.Principal!.FindFirstValue(ClaimTypes.Role))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Api, p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Web, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser())
            .AddPolicy(Write, p => p.RequireAssertion(c => WireNames.TryParse<UserRole>(c.User.FindFirstValue(ClaimTypes.Role) ?? string.Empty, out var role) && Accounts.MayWrite(role)))
            .AddPolicy(Admin, p => p.RequireRole(WireNames.Of(UserRole.Admin)));
    }

    /// <summary>
    /// Every /api request needs valid API credentials before anything else is said about it: this runs
    /// ahead of routing, whose own answers (no such route 404, wrong method 405, wrong Content-Type 415)
    /// would otherwise reach a caller who has not authenticated. The one exception is /api/v2: the public
    /// status page's Statuspage-compatible API, which carries only what was said in public.
    /// </summary>
    public static async Task RequireApiCredentialsAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/api/v2") && !(await http.AuthenticateAsync(TokenAuthenticationHandler.SchemeName)).Succeeded)
        {
            await http.ChallengeAsync(TokenAuthenticationHandler.SchemeName);
            return;
        }

        await next(http);
    }

    /// <summary>The claims both schemes carry, so every interface sees the same actor; a web sign-in adds its session's secret.</summary>
    public static ClaimsPrincipal Principal(Storage.Access.User user, string scheme, string? session = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Username),
            new(ClaimTypes.Role, WireNames.Of(user.Role)),
        };
        if (session is not null)
        {
            claims.Add(new Claim(SessionClaim, session));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
