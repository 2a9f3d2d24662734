using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Server.Tests.Notifications;
using Firebreak.Server.Tests.Notifications.Email;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using MimeKit;

namespace Firebreak.Server.Tests.StatusPage.Subscribers;

/// <summary>
/// A server with the three-component status page (Checkout, Search, API) offering subscriptions: by
/// email through an email channel (oncall-mail) pointing at a real SMTP receiver, and/or by webhook;
/// the fake clock and the dispatcher are driven by the test.
/// </summary>
public sealed partial class SubscriberServer : IAsyncDisposable
{
    public const string BaseUrl = "https://status.example.com";
    public const string MailChannel = "oncall-mail";
    public const string OnCall = "oncall@example.com";

    private SubscriberServer(NotifyingServer server, SmtpReceiver? mail)
    {
        Server = server;
        Mail = mail;
    }

    public NotifyingServer Server { get; }

    public SmtpReceiver? Mail { get; }

    public FirebreakFactory Factory => Server.Factory;

    public HttpClient Admin => Server.Admin;

    public FakeClock Clock => Server.Clock;

    /// <summary>
    /// Starts a server; <paramref name="email"/>: an SMTP receiver and statusPage.subscribers.email
    /// naming oncall-mail; <paramref name="webhooks"/>: statusPage.subscribers.webhooks; neither: no
    /// subscribers section at all. <paramref name="subscribersExtra"/> is appended to that section.
    /// </summary>
    public static async Task<SubscriberServer> StartAsync(bool email = true, bool webhooks = false, string? subscribersExtra = null)
    {
        var mail = email ? await SmtpReceiver.StartAsync() : null;
        try
        {
            var yaml = Yaml(mail, email, webhooks, subscribersExtra);
            return new SubscriberServer(NotifyingServer.StartWith(yaml), mail);
        }
        catch
        {
            if (mail is not null)
            {
                await mail.DisposeAsync();
            }

            throw;
        }
    }

    public static string Yaml(SmtpReceiver? mail, bool email, bool webhooks, string? subscribersExtra = null, bool offerEmail = true)
    {
        var lines = new List<string>
        {
            "notifications:",
            $"  baseUrl: {BaseUrl}",
            "services:",
            "  - name: checkout",
            "  - name: search",
        };
        if (mail is not null)
        {
            var passwordFile = Path.Combine(TestDatabases.TempDirectory(), "smtp-password");
            File.WriteAllText(passwordFile, SmtpReceiver.Password + "\n");
            lines.AddRange(
            [
                "channels:",
                $"  - name: {MailChannel}",
                "    type: email",
                "    host: 127.0.0.1",
                $"    port: {mail.Port}",
                $"    username: {SmtpReceiver.Username}",
                $"    passwordFile: {passwordFile}",
                $"    from: {MailServer.From}",
                $"    to: [{OnCall}]",
                "    acceptInvalidCertificate: true",
                "routes:",
                "  - events: [declared]",
                $"    channels: [{MailChannel}]",
            ]);
        }

        lines.AddRange(
        [
            "statusPage:",
            "  name: Acme",
            "  components:",
            "    - name: Checkout",
            "      group: Shop",
            "      services: [checkout]",
            "    - name: Search",
            "      group: Shop",
            "      services: [search]",
            "    - name: API",
            "      services: [checkout, search]",
        ]);
        if ((email && offerEmail) || webhooks || subscribersExtra is not null)
        {
            lines.Add("  subscribers:");
            if (email && offerEmail)
            {
                lines.Add($"    email: {MailChannel}");
            }

            if (webhooks)
            {
                lines.Add("    webhooks: true");
            }

            if (subscribersExtra is not null)
            {
                lines.Add("    " + subscribersExtra);
            }
        }

        return string.Join("\n", lines) + "\n";
    }

    public Task<int> DispatchAsync() => Server.DispatchAsync();

    /// <summary>The mail the SMTP receiver accepted for <paramref name="address"/>, in order.</summary>
    public IReadOnlyList<MimeMessage> MailTo(string address) =>
        [.. Mail!.Accepted.Where(m => m.RcptTo.Contains(address, StringComparer.OrdinalIgnoreCase)).Select(MailServer.Parse)];

    /// <summary>A public sign-up as the page's form sends it.</summary>
    public async Task<HttpResponseMessage> SignUpFormAsync(string email, params string[] components)
    {
        using var anonymous = Factory.Anonymous();
        var fields = new List<KeyValuePair<string, string>> { new("email", email) };
        fields.AddRange(components.Select(c => new KeyValuePair<string, string>("components", c)));
        return await anonymous.PostAsync("/status/subscribe", new FormUrlEncodedContent(fields));
    }

    /// <summary>A public sign-up as JSON.</summary>
    public async Task<HttpResponseMessage> SignUpJsonAsync(object body)
    {
        using var anonymous = Factory.Anonymous();
        return await anonymous.PostAsJsonAsync("/status/subscribe", body);
    }

    /// <summary>An anonymous POST to a subscription route (confirm, components, unsubscribe), as a form.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        using var anonymous = Factory.Anonymous();
        return await anonymous.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
    }

    public async Task<HttpResponseMessage> GetAnonymousAsync(string path)
    {
        using var anonymous = Factory.Anonymous();
        return await anonymous.GetAsync(path);
    }

    /// <summary>The link token in a subscriber message (from its manage link).</summary>
    public static string TokenOf(MimeMessage message)
    {
        var match = TokenLink().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, $"No subscription link in:\n{message.TextBody}");
        return match.Groups[1].Value;
    }

    /// <summary>Signs up by the form, takes the confirmation that arrives (asserting it is the only mail so far), returns its token unconfirmed.</summary>
    public async Task<string> SignUpUnconfirmedAsync(string email, params string[] components)
    {
        await HttpAssert.StatusAsync(await SignUpFormAsync(email, components), HttpStatusCode.Accepted);
        await DispatchAsync();
        var confirmation = Assert.Single(MailTo(email));
        return TokenOf(confirmation);
    }

    /// <summary>Signs up, opens the confirmation's link, and returns the token of a confirmed subscriber.</summary>
    public async Task<string> SubscribeAsync(string email, params string[] components)
    {
        var token = await SignUpUnconfirmedAsync(email, components);
        await HttpAssert.StatusAsync(await PostFormAsync($"/status/subscriptions/{token}/confirm"), HttpStatusCode.OK);
        return token;
    }

    /// <summary>Declares a public incident; with <paramref name="impact"/> it states the impact on those components, otherwise it follows <paramref name="services"/>.</summary>
    public async Task<long> DeclareAsync(string title, string[]? services = null, Dictionary<string, string>? impact = null, bool isPrivate = false)
    {
        object body = impact is not null
            ? new { title, severity = "SEV-2", components = impact, @private = isPrivate }
            : new { title, severity = "SEV-2", services = services ?? [], @private = isPrivate };
        return (await Admin.DeclareAsync(body)).Long("id");
    }

    public async Task<IReadOnlyList<JsonElement>> SubscribersAsync() =>
        (await HttpAssert.JsonAsync(await Admin.GetAsync("/api/v1/status/subscribers"))).Items();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
    }

    [GeneratedRegex("/status/subscriptions/([A-Za-z0-9_-]{32})")]
    private static partial Regex TokenLink();

    /// <summary>The Standard Webhooks signature a receiver would compute with the subscriber's secret.</summary>
    public static string ExpectedSignature(string secret, string id, string timestamp, byte[] body)
    {
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, signed));
    }
}
