using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Firebreak.Server.Notifications.Channels.Email;

/// <summary>
/// Sends one email per try over a fresh SMTP connection: STARTTLS (or implicit TLS), AUTH when a
/// username is configured, then the multipart/alternative message. The server's replies decide the
/// outcome: its final 2xx is the detail of a delivery, a 4xx or a network fault is a retry, a 5xx
/// (mailbox unavailable, authentication failed) a refusal.
/// </summary>
public sealed class EmailChannel(EmailOptions options, ChannelServices services) : IChannel
{
    public ChannelOptions Options => options;

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        SendMessageAsync(EmailRenderer.Render(delivery, options.From, options.To), cancellationToken);

    /// <summary>Sends one rendered message through this channel's mail server (the status page's subscriber mail uses it too).</summary>
    public async Task<SendResult> SendMessageAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(services.Timeout);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, services.Timeout.TotalMilliseconds) };
        if (options.AcceptInvalidCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        string reply;
        try
        {
            await client.ConnectAsync(options.Host, options.Port, SocketOptions(options.Tls), timeout.Token);
            if (options.Username is { } username && options.Password is { } password)
            {
                await client.AuthenticateAsync(username, password.Reveal(), timeout.Token);
            }

            reply = await client.SendAsync(message, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (Classify(e, services.Timeout) is { } result)
            {
                return result;
            }

            throw;
        }

        try
        {
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The message was taken; a QUIT that goes wrong does not change that.
        }

        return SendResult.Delivered(250, Clean($"250 {reply}"));
    }

    /// <summary>A failed try in delivery terms, or null for a fault of this code rather than of the receiver.</summary>
    public static SendResult? Classify(Exception e, TimeSpan timeout) => e switch
    {
        SmtpCommandException c => FromReply((int)c.StatusCode, c.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $"the recipient {c.Mailbox?.Address} was not accepted: {c.Message}",
            SmtpErrorCode.SenderNotAccepted => $"the sender {c.Mailbox?.Address} was not accepted: {c.Message}",
            SmtpErrorCode.MessageNotAccepted => $"the message was not accepted: {c.Message}",
            _ => c.Message,
        }),
        AuthenticationException a => SendResult.Refused(Clean($"535 authentication failed: {a.Message}; check username and the password's environment variable or file"), 535),
        SslHandshakeException => SendResult.Retry("the TLS handshake with the mail server failed (its certificate is not trusted, or no TLS version in common); for a relay with a private certificate set acceptInvalidCertificate: true"),
        NotSupportedException n => SendResult.Refused(Clean($"{n.Message} Check tls and username in the channel's configuration.")),
        SocketException s => SendResult.Retry(Clean($"{s.SocketErrorCode}: {s.Message}")),
        OperationCanceledException or TimeoutException => SendResult.Retry($"no answer within {timeout.TotalSeconds:0.#} s"),
        SmtpProtocolException or ServiceNotConnectedException or IOException or SaslException => SendResult.Retry(Clean($"the SMTP exchange failed: {e.Message}")),
        _ => null,
    };

    private static SendResult FromReply(int code, string text)
    {
        var said = Clean($"{code} {text}");
        return code is >= 500 and < 600 ? SendResult.Refused(said, code) : SendResult.Retry(said, code);
    }

    private static SecureSocketOptions SocketOptions(EmailTls tls) => tls switch
    {
        EmailTls.Implicit => SecureSocketOptions.SslOnConnect,
        EmailTls.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Clean(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, HttpDelivery.MaxDetail));
        foreach (var c in text)
        {
            if (clean.Length == HttpDelivery.MaxDetail)
            {
                break;
            }

            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString().Trim();
    }
}
