using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Server.Access;

/// <summary>API tokens are random secrets; only their SHA-256 digest is stored.</summary>
public static class Tokens
{
    public const string Prefix = "fb_";

    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The few characters shown in listings so a person can tell tokens apart.</summary>
    public static string DisplayPrefix(string secret) => secret.Length > 10 ? secret[..10] : secret;

    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(15));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
