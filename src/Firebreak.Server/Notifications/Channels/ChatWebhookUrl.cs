using Firebreak.Server.Configuration;

namespace Firebreak.Server.Notifications.Channels;

/// <summary>
/// The address of a chat webhook (Slack, Teams, Mattermost), whose path is its only credential: it is
/// read as a secret (<c>urlEnv</c> or <c>urlFile</c>), never written in firebreak.yaml, and shown only
/// as its scheme and host.
/// </summary>
public sealed class ChatWebhookUrl
{
    private readonly Secret _secret;

    private ChatWebhookUrl(Secret secret, Uri address)
    {
        _secret = secret;
        Address = address;
    }

    /// <summary>The full address to post to; never logged or shown.</summary>
    public Uri Address { get; }

    /// <summary>Where it sends, safe to show: scheme and host only.</summary>
    public string Target => $"{Address.Scheme}://{Address.Authority}";

    /// <summary>A chat channel's keys: name, type, private, and urlEnv or urlFile ('url' is allowed here only to be refused with the fix).</summary>
    public static ChatWebhookUrl Read(ConfigSection section, string service)
    {
        section.OnlyKeys("name", "type", "private", "url", "urlEnv", "urlFile");
        var secret = section.Secret("url", required: true)!;
        var text = secret.Reveal();
        return Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "https" or "http"
            ? new ChatWebhookUrl(secret, address)
            : throw section.Error($"the url in the {secret.Source} is not an http(s) URL; give the full address of the {service} webhook, like https://hooks.example.com/….");
    }

    public override string ToString() => _secret.ToString();
}
