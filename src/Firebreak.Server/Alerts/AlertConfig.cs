using System.Security.Cryptography;
using System.Text;
using Firebreak.Core.Alerts;

namespace Firebreak.Server.Alerts;

/// <summary>
/// One integration: a sender of one format, the digest of the key it presents, and how its alerts become
/// groups and incidents. From firebreak.yaml (<see cref="FromConfig"/>) or made through the API or the web.
/// </summary>
public sealed record AlertIntegration(string Name, string Source, byte[] KeyDigest, AlertPolicy Policy, bool FromConfig = true, Core.Alerts.Sources.WebhookMapping? Mapping = null)
{
    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="presented"/> is this integration's key (compared in constant time).</summary>
    public bool Accepts(string? presented) =>
        !string.IsNullOrEmpty(presented) && Accepts(Digest(presented));

    /// <summary>Whether a presented key's <see cref="Digest"/> is this integration's (one digest for a request, however many integrations).</summary>
    public bool Accepts(byte[] presentedDigest) => CryptographicOperations.FixedTimeEquals(KeyDigest, presentedDigest);
}

/// <summary>The receivers' paths.</summary>
public static class IntakePaths
{
    /// <summary>
    /// Whether a request is for a receiver: its credentials are an integration's key, which the receiver
    /// checks itself, never an account's token or password (so a sender costs no sign-in and throttles no one).
    /// </summary>
    public static bool IsIntake(PathString path) =>
        path.StartsWithSegments("/intake", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/v2/enqueue", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/v2/change/enqueue", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The alerts section of firebreak.yaml: the integrations.</summary>
public sealed record AlertConfig(IReadOnlyList<AlertIntegration> Integrations)
{
    public static readonly AlertConfig None = new([]);
}
