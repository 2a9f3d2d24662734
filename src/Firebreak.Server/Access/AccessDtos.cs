using System.Text.Json.Serialization;
using Firebreak.Core.Access;
using Firebreak.Storage.Access;

namespace Firebreak.Server.Access;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CreateTokenRequest
{
    /// <summary>What the token is for, e.g. "laptop CLI".</summary>
    public string? Name { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CreateUserRequest
{
    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>viewer, responder or admin.</summary>
    public string? Role { get; set; }

    /// <summary>At least 12 characters; generated and returned once when omitted.</summary>
    public string? Password { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class UpdateUserRequest
{
    public string? Role { get; set; }

    public string? DisplayName { get; set; }

    public bool? Disabled { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ChangePasswordRequest
{
    public string? Current { get; set; }

    public string? New { get; set; }
}

public sealed record UserDto(string Username, string? DisplayName, UserRole Role, bool Disabled, DateTimeOffset CreatedAt)
{
    public static UserDto From(User u) => new(u.Username, u.DisplayName, u.Role, u.Disabled, u.CreatedAt);
}

/// <summary>A new account; <see cref="Password"/> is set only when it was generated, and is shown only here.</summary>
public sealed record CreatedUserDto(UserDto User, string? Password);

public sealed record TokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto From(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.RevokedAt);
}

/// <summary>A new token: <see cref="Token"/> is the secret, shown only in this response.</summary>
public sealed record CreatedTokenDto(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, string Token);

/// <summary>How many web sessions of an account were ended.</summary>
public sealed record SessionsEndedDto(string Username, int Ended);
