using Firebreak.Server.Access;
using Firebreak.Server.Http;

namespace Firebreak.Cli.Client;

/// <summary>/api/v1/me, /api/v1/tokens and /api/v1/users.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>GET /api/v1/me: the signed-in account.</summary>
    public Task<ApiResponse<UserDto>> GetMeAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/v1/me", ApiJson.Default.UserDto, cancellationToken);

    /// <summary>POST /api/v1/tokens: a new API token; its secret is in this response only.</summary>
    public Task<ApiResponse<CreatedTokenDto>> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/tokens", request, ApiJson.Default.CreateTokenRequest, ApiJson.Default.CreatedTokenDto, cancellationToken);

    /// <summary>GET /api/v1/tokens: your API tokens, never their secrets.</summary>
    public async Task<ApiResponse<IReadOnlyList<TokenDto>>> ListTokensAsync(CancellationToken cancellationToken = default)
    {
        var (tokens, json) = await GetAsync("api/v1/tokens", ApiJson.Default.ListTokenDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<TokenDto>>(tokens, json);
    }

    /// <summary>DELETE /api/v1/tokens/{id}: revoke one of your tokens (the server answers with no body).</summary>
    public async Task RevokeTokenAsync(long id, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Delete, $"api/v1/tokens/{Number(id)}", content: null, ifVersion: null, cancellationToken);

    /// <summary>GET /api/v1/users: every account (admin).</summary>
    public async Task<ApiResponse<IReadOnlyList<UserDto>>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var (users, json) = await GetAsync("api/v1/users", ApiJson.Default.ListUserDto, cancellationToken);
        return new ApiResponse<IReadOnlyList<UserDto>>(users, json);
    }

    /// <summary>POST /api/v1/users: a new account (admin); a generated password is in this response only.</summary>
    public Task<ApiResponse<CreatedUserDto>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, "api/v1/users", request, ApiJson.Default.CreateUserRequest, ApiJson.Default.CreatedUserDto, cancellationToken);

    /// <summary>PATCH /api/v1/users/{username}: change an account's role, name or disabled flag (admin).</summary>
    public Task<ApiResponse<UserDto>> UpdateUserAsync(string username, UpdateUserRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Patch, $"api/v1/users/{Uri.EscapeDataString(username)}", request, ApiJson.Default.UpdateUserRequest, ApiJson.Default.UserDto, cancellationToken);

    /// <summary>POST /api/v1/users/{username}/sessions/end: sign an account out of every web session (admin, or yourself).</summary>
    public Task<ApiResponse<SessionsEndedDto>> EndSessionsAsync(string username, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/users/{Uri.EscapeDataString(username)}/sessions/end", content: null, ApiJson.Default.SessionsEndedDto, ifVersion: null, cancellationToken);

    /// <summary>POST /api/v1/me/sessions/end: sign yourself out of every web session (API tokens stay).</summary>
    public Task<ApiResponse<SessionsEndedDto>> EndMySessionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/me/sessions/end", content: null, ApiJson.Default.SessionsEndedDto, ifVersion: null, cancellationToken);
}
