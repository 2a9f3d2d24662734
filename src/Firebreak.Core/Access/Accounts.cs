using System.Text.RegularExpressions;
using Firebreak.Core.Common;

namespace Firebreak.Core.Access;

/// <summary>The account rules every interface shares: how a username is written, what a password needs, who may write.</summary>
public static partial class Accounts
{
    public const int MinPasswordLength = 12;

    /// <summary>Usernames are stored and compared trimmed and in lower case.</summary>
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    /// <summary>A new account's username, normalised: 1–64 of a–z, 0–9, '.', '_', '-', starting with a letter or digit.</summary>
    public static Invalid? CheckUsername(string normalized) =>
        Text.Forbidden("username", normalized, line: true)
        ?? (UsernamePattern().IsMatch(normalized)
            ? null
            : new Invalid("username", "'username' must be 1–64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."));

    /// <summary>
    /// A username as someone signing in typed it, normalised, or null when it cannot name any account
    /// (a control or bidirectional character): such a name is refused without looking it up.
    /// </summary>
    public static string? SignInName(string username) =>
        NormalizeUsername(username) is var normalized && Text.Forbidden("username", normalized, line: true) is null ? normalized : null;

    /// <summary>A password long enough to keep; <paramref name="field"/> names it in the error.</summary>
    public static Invalid? CheckPassword(string? password, string field, string? hint = null) =>
        password is { Length: >= MinPasswordLength }
            ? null
            : new Invalid(field, $"'{field}' must have at least {MinPasswordLength} characters{hint}.");

    /// <summary>Responders and admins run incidents; viewers read.</summary>
    public static bool MayWrite(UserRole role) => role is UserRole.Responder or UserRole.Admin;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UsernamePattern();
}
