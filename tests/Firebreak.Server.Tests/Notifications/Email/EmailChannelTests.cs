using System.Net;
using System.Net.Sockets;
using Firebreak.Core.Notifications;
using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Server.Notifications.Channels.Email;
using Firebreak.Testing;
using MimeKit;

namespace Firebreak.Server.Tests.Notifications.Email;

/// <summary>
/// The email sender alone against the real SMTP receiver (and against nothing, and a silent socket):
/// what it does with text no API would accept, an untrusted certificate, and a server that is not there.
/// </summary>
public sealed class EmailChannelTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task CrLfInTheTitle_AddsNoHeaderAndNoRecipient()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        const string hostile = "Checkout\r\nBcc: evil@example.com\r\n\r\n<script>alert(1)</script>";
        var n = Notification(hostile) with { Headline = $"INC-7 declared: {hostile} (SEV-1)", Text = "body\r\nBcc: evil2@example.com" };

        var result = await Channel(receiver.Port).SendAsync(Delivery(n), CancellationToken.None);

        Assert.True(result.Outcome == SendOutcome.Delivered, $"{result.Detail}\n{receiver.Log}");
        var mail = receiver.Accepted.Single();
        Assert.Equal([MailServer.To], mail.RcptTo);
        var message = MailServer.Parse(mail);
        Assert.Empty(message.Bcc);
        Assert.DoesNotContain(message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("[SEV-1] INC-7 declared: Checkout Bcc: evil@example.com <script>alert(1)</script>", message.Subject);
        Assert.Contains("Checkout Bcc: evil@example.com &lt;script&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.IsType<MultipartAlternative>(message.Body);
    }

    [Fact]
    public async Task AnUntrustedCertificate_IsNotAccepted_UnlessConfigured()
    {
        await using var receiver = await SmtpReceiver.StartAsync();

        var result = await Channel(receiver.Port, acceptInvalidCertificate: false).SendAsync(Delivery(Notification("x")), CancellationToken.None);

        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.Contains("TLS handshake", result.Detail, StringComparison.Ordinal);
        Assert.Contains("acceptInvalidCertificate", result.Detail, StringComparison.Ordinal);
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task NothingListening_IsARetry()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();

        var result = await Channel(port).SendAsync(Delivery(Notification("x")), CancellationToken.None);

        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.Contains("ConnectionRefused", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatNeverAnswers_IsARetry_AfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptTcpClientAsync();

        var result = await Channel(port, timeout: TimeSpan.FromSeconds(1)).SendAsync(Delivery(Notification("x")), CancellationToken.None);

        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.Equal("no answer within 1 s", result.Detail);
        (await accepting).Dispose();
    }

    private static EmailChannel Channel(int port, bool acceptInvalidCertificate = true, TimeSpan? timeout = null)
    {
        var options = new EmailOptions(
            "oncall-mail",
            false,
            "127.0.0.1",
            port,
            EmailTls.StartTls,
            SmtpReceiver.Username,
            new Secret(SmtpReceiver.Password, "test"),
            MailboxAddress.Parse(MailServer.From),
            [MailboxAddress.Parse(MailServer.To)],
            acceptInvalidCertificate);
        return new EmailChannel(options, new ChannelServices(new HttpClient(), TimeProvider.System, timeout ?? TimeSpan.FromSeconds(10)));
    }

    private static Delivery Delivery(Notification n) => new("INC-7.42.oncall-mail", n, new Uri("https://firebreak.example.com/"), 1, At);

    private static Notification Notification(string title) => new()
    {
        Kind = NotificationKind.Declared,
        IncidentId = 7,
        Title = title,
        Severity = "SEV-1",
        Status = "investigating",
        Private = false,
        Headline = $"INC-7 declared: {title} (SEV-1)",
        Actor = "alice",
        At = At,
    };
}
