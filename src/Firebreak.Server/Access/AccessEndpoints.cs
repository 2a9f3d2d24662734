using System.Security.Claims;
using Firebreak.Server.Http;

namespace Firebreak.Server.Access;

/// <summary>/api/v1/me, /api/v1/tokens and /api/v1/users.</summary>
public static class AccessEndpoints
{
    public static void MapAccess(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("").WithTags("Access");
        me.MapGet("/me", async (ClaimsPrincipal principal, AccountService accounts, CancellationToken ct) =>
                await accounts.FindAsync(principal.Actor().Username, ct) is { } user ? Results.Json(UserDto.From(user), ApiJson.Default.UserDto) : Results.NotFound())
            .Produces<UserDto>().WithSummary("The signed-in account.");

        me.MapPost("/me/password", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(http, ApiJson.Default.ChangePasswordRequest, ct);
                if (!body.IsSuccess)
                {
                    return Problems.From(body.Error!);
                }

                var changed = await accounts.ChangePasswordAsync(http.User.Actor(), body.Value, null, ct);
                return changed.IsSuccess ? Results.NoContent() : Problems.From(changed.Error!);
            })
            .Accepts<ChangePasswordRequest>("application/json").Produces(204).ProducesProblem(400)
            .WithSummary("Change your password; every web session of yours ends (API tokens stay).");

        me.MapPost("/me/sessions/end", async (ClaimsPrincipal principal, SessionService sessions, CancellationToken ct) =>
            {
                var actor = principal.Actor();
                var ended = await sessions.EndAllAsync(actor, actor.Username, null, ct);
                return ended.IsSuccess ? Results.Json(new SessionsEndedDto(actor.Username, ended.Value), ApiJson.Default.SessionsEndedDto) : Problems.From(ended.Error!);
            })
            .Produces<SessionsEndedDto>().WithSummary("Sign out of every web session of yours (API tokens stay).");

        me.MapGet("/tokens", async (ClaimsPrincipal principal, AccountService accounts, CancellationToken ct) =>
                Results.Json([.. await accounts.ListTokensAsync(principal.Actor(), ct)], ApiJson.Default.ListTokenDto))
            .Produces<List<TokenDto>>().WithSummary("Your API tokens (never the secrets).");

        me.MapPost("/tokens", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(http, ApiJson.Default.CreateTokenRequest, ct);
                if (!body.IsSuccess)
                {
                    return Problems.From(body.Error!);
                }

                var created = await accounts.CreateTokenAsync(http.User.Actor(), body.Value, ct);
                return created.IsSuccess
                    ? Results.Json(created.Value, ApiJson.Default.CreatedTokenDto, statusCode: StatusCodes.Status201Created)
                    : Problems.From(created.Error!);
            })
            .Accepts<CreateTokenRequest>("application/json").Produces<CreatedTokenDto>(201).ProducesProblem(400)
            .WithSummary("Create an API token; the secret is in this response only.");

        me.MapDelete("/tokens/{tokenId:long}", async (long tokenId, ClaimsPrincipal principal, AccountService accounts, CancellationToken ct) =>
            {
                var revoked = await accounts.RevokeTokenAsync(principal.Actor(), tokenId, ct);
                return revoked.IsSuccess ? Results.NoContent() : Problems.From(revoked.Error!);
            })
            .Produces(204).ProducesProblem(404).WithSummary("Revoke one of your tokens.");

        var users = api.MapGroup("/users").WithTags("Access").RequireAuthorization(AccessModule.Admin);
        users.MapGet("", async (AccountService accounts, CancellationToken ct) =>
                Results.Json([.. (await accounts.ListAsync(ct)).Select(UserDto.From)], ApiJson.Default.ListUserDto))
            .Produces<List<UserDto>>().WithSummary("All accounts (admin).");

        users.MapPost("", async (HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(http, ApiJson.Default.CreateUserRequest, ct);
                if (!body.IsSuccess)
                {
                    return Problems.From(body.Error!);
                }

                var created = await accounts.CreateUserAsync(http.User.Actor(), body.Value, ct);
                return created.IsSuccess
                    ? Results.Json(created.Value, ApiJson.Default.CreatedUserDto, statusCode: StatusCodes.Status201Created)
                    : Problems.From(created.Error!);
            })
            .Accepts<CreateUserRequest>("application/json").Produces<CreatedUserDto>(201).ProducesProblem(400).ProducesProblem(409)
            .WithSummary("Create an account (admin).");

        users.MapPatch("/{username}", async (string username, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(http, ApiJson.Default.UpdateUserRequest, ct);
                if (!body.IsSuccess)
                {
                    return Problems.From(body.Error!);
                }

                var updated = await accounts.UpdateUserAsync(http.User.Actor(), username, body.Value, ct);
                return updated.IsSuccess ? Results.Json(updated.Value, ApiJson.Default.UserDto) : Problems.From(updated.Error!);
            })
            .Accepts<UpdateUserRequest>("application/json").Produces<UserDto>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Change an account's role, name or disabled flag (admin); disabling ends its sessions.");

        users.MapPost("/{username}/sessions/end", async (string username, ClaimsPrincipal principal, SessionService sessions, CancellationToken ct) =>
            {
                var ended = await sessions.EndAllAsync(principal.Actor(), username, null, ct);
                return ended.IsSuccess ? Results.Json(new SessionsEndedDto(Core.Access.Accounts.NormalizeUsername(username), ended.Value), ApiJson.Default.SessionsEndedDto) : Problems.From(ended.Error!);
            })
            .Produces<SessionsEndedDto>().ProducesProblem(404).WithSummary("Sign an account out of every web session (admin).");
    }
}
