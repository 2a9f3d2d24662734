using Firebreak.Server.Configuration;

namespace Firebreak.Server.Notifications.Channels.Webhook;

/// <summary>
/// A generic webhook: any HTTP receiver, signed per Standard Webhooks with a <c>whsec_</c> secret
/// (from <c>secretEnv</c> or <c>secretFile</c>).
/// </summary>
public sealed record WebhookOptions(string Name, bool Private, Uri Url, Secret Secret) : ChannelOptions(Name, Private)
{
    public override string Type => "webhook";

    public override string Target => $"{Url.Scheme}://{Url.Authority}{Url.AbsolutePath}";

    public override IChannel Create(ChannelServices services) => new WebhookChannel(this, services);

    public static ChannelOptions Read(ConfigSection section, string name, bool isPrivate)
    {
        section.OnlyKeys("name", "type", "private", "url", "secret", "secretEnv", "secretFile");
        var url = section.Url("url") ?? throw section.Error($"{section.What} needs 'url', the receiver's address.");
        var secret = section.Secret("secret", required: true)!;
        if (!WebhookSigner.IsValidSecret(secret.Reveal()))
        {
            throw section.Error($"the secret in the {secret.Source} is not a Standard Webhooks secret; it must be 'whsec_' followed by base64 of 24 to 64 random bytes (for example: echo whsec_$(openssl rand -base64 32)).");
        }

        return new WebhookOptions(name, isPrivate, url, secret);
    }
}
