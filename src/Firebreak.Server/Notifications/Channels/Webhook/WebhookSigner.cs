using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Server.Notifications.Channels.Webhook;

/// <summary>Standard Webhooks v1 signatures: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the whsec_ key.</summary>
public static class WebhookSigner
{
    private const string Prefix = "whsec_";

    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var key = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length is >= 24 and <= 64;
    }

    /// <summary>The <c>webhook-signature</c> header value: <c>v1,&lt;base64&gt;</c>.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
