using System.Security.Claims;
using Firebreak.Server.Http;
using Firebreak.Server.Web;
using Microsoft.AspNetCore.Authentication;

namespace Firebreak.Server.Access;

/// <summary>Sign in, sign out, and the account and user forms of the web UI.</summary>
public static class AccessForms
{
    public static void MapAccessForms(this WebApplication app)
    {
        app.MapPost("/signin", async (HttpContext http, IFormCollection form, AccountService accounts, CancellationToken ct) =>
            {
                var username = form.Field("username") ?? string.Empty;
                var outcome = await accounts.SignInAsync(username, form.Field("password") ?? string.Empty, startSession: true, ct);
                if (outcome.RetryAfter is { } wait)
                {
                    var seconds = TokenAuthenticationHandler.RetryAfterSeconds(wait);
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Forms.Page<SignInPage>(
                        new Dictionary<string, object?> { ["Error"] = $"Too many failed sign-ins. Wait {seconds} seconds and try again.", ["Username"] = username },
                        StatusCodes.Status429TooManyRequests);
                }

                if (outcome.User is not { } user)
                {
                    return Forms.Error<SignInPage>(new Core.Common.Invalid("password", "That username and password do not match an active account."),
                        new Dictionary<string, object?> { ["Error"] = "That username and password do not match an active account.", ["Username"] = username });
                }

                await http.SignInAsync(AccessModule.CookieScheme, AccessModule.Principal(user, AccessModule.CookieScheme, outcome.Session));
                return Results.Redirect(LocalUrl.OrDefault(form.Field("returnUrl"), "/incidents"));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        // Signed in with the cookie, so the form's antiforgery token (issued to the signed-in user) validates.
        app.MapPost("/signout", async (HttpContext http, IFormCollection _, SessionService sessions, CancellationToken ct) =>
            {
                await sessions.EndAsync(http.User.FindFirstValue(AccessModule.SessionClaim), ct);
                await http.SignOutAsync(AccessModule.CookieScheme);
                return Results.Redirect("/signin");
            })
            .RequireAuthorization(AccessModule.Web)
            .ExcludeFromDescription();

        var account = app.MapGroup("/ui/account").RequireAuthorization(AccessModule.Web).ExcludeFromDescription();
        account.MapPost("/password", async (HttpContext http, IFormCollection form, AccountService accounts, SessionService sessions, CancellationToken ct) =>
        {
            var current = await sessions.CurrentAsync(http.User, ct);
            var changed = await accounts.ChangePasswordAsync(http.User.Actor(), new ChangePasswordRequest { Current = form.Field("current"), New = form.Field("new") }, current?.Session.Id, ct);
            return changed.IsSuccess
                ? Forms.Back("/account", "Password changed; you were signed out everywhere else.")
                : Forms.Error<AccountPage>(changed.Error!, new Dictionary<string, object?> { ["Error"] = changed.Error!.Message });
        });

        account.MapPost("/sessions/end", async (HttpContext http, IFormCollection _, SessionService sessions, CancellationToken ct) =>
        {
            var actor = http.User.Actor();
            var current = await sessions.CurrentAsync(http.User, ct);
            var ended = await sessions.EndAllAsync(actor, actor.Username, current?.Session.Id, ct);
            return ended.IsSuccess
                ? Forms.Back("/account", ended.Value == 1 ? "Signed out of 1 other session." : $"Signed out of {ended.Value} other sessions.")
                : Forms.Error<AccountPage>(ended.Error!, new Dictionary<string, object?> { ["Error"] = ended.Error!.Message });
        });

        account.MapPost("/tokens", async (HttpContext http, IFormCollection form, AccountService accounts, CancellationToken ct) =>
        {
            var created = await accounts.CreateTokenAsync(http.User.Actor(), new CreateTokenRequest { Name = form.Field("name") }, ct);
            return created.IsSuccess
                ? Forms.Page<AccountPage>(new Dictionary<string, object?> { ["NewToken"] = created.Value.Token })
                : Forms.Error<AccountPage>(created.Error!, new Dictionary<string, object?> { ["Error"] = created.Error!.Message });
        });

        account.MapPost("/tokens/{tokenId:long}/revoke", async (long tokenId, HttpContext http, IFormCollection _, AccountService accounts, CancellationToken ct) =>
        {
            var revoked = await accounts.RevokeTokenAsync(http.User.Actor(), tokenId, ct);
            return revoked.IsSuccess
                ? Forms.Back("/account", "Token revoked.")
                : Forms.Error<AccountPage>(revoked.Error!, new Dictionary<string, object?> { ["Error"] = revoked.Error!.Message });
        });

        var users = app.MapGroup("/ui/admin/users").RequireAuthorization(AccessModule.Web, AccessModule.Admin).ExcludeFromDescription();
        users.MapPost("", async (HttpContext http, IFormCollection form, AccountService accounts, CancellationToken ct) =>
        {
            var created = await accounts.CreateUserAsync(http.User.Actor(), new CreateUserRequest { Username = form.Field("username"), DisplayName = form.Field("displayName"), Role = form.Field("role") }, ct);
            return created.IsSuccess
                ? Forms.Page<UsersPage>(new Dictionary<string, object?> { ["Created"] = created.Value })
                : Forms.Error<UsersPage>(created.Error!, new Dictionary<string, object?> { ["Error"] = created.Error!.Message });
        });

        users.MapPost("/{username}", async (string username, HttpContext http, IFormCollection form, AccountService accounts, CancellationToken ct) =>
        {
            var request = new UpdateUserRequest { Role = form.Field("role"), Disabled = form.Field("disabled") is { } d ? d == "true" : null };
            var updated = await accounts.UpdateUserAsync(http.User.Actor(), username, request, ct);
            return updated.IsSuccess
                ? Forms.Back("/admin/users", $"{updated.Value.Username} updated.")
                : Forms.Error<UsersPage>(updated.Error!, new Dictionary<string, object?> { ["Error"] = updated.Error!.Message });
        });

        users.MapPost("/{username}/sessions/end", async (string username, HttpContext http, IFormCollection _, SessionService sessions, CancellationToken ct) =>
        {
            var actor = http.User.Actor();
            var keep = username == actor.Username ? (await sessions.CurrentAsync(http.User, ct))?.Session.Id : null;
            var ended = await sessions.EndAllAsync(actor, username, keep, ct);
            return ended.IsSuccess
                ? Forms.Back("/admin/users", $"{username} was signed out of {ended.Value} web session(s).")
                : Forms.Error<UsersPage>(ended.Error!, new Dictionary<string, object?> { ["Error"] = ended.Error!.Message });
        });
    }

    public static bool IsWriter(this ClaimsPrincipal user) => user.IsInRole("responder") || user.IsInRole("admin");
}
