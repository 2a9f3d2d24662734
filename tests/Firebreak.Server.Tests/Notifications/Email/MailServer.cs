using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications.Email;

/// <summary>
/// A server whose firebreak.yaml declares one email channel, oncall-mail, pointing at a real SMTP
/// receiver on loopback, with declared and internal updates routed to it.
/// </summary>
public static class MailServer
{
    public const string From = "firebreak@example.com";
    public const string To = "oncall@example.com";
    public const string BaseUrl = "https://firebreak.example.com";

    public static NotifyingServer Start(SmtpReceiver receiver, string password = SmtpReceiver.Password, string events = "declared, update-internal")
    {
        var passwordFile = Path.Combine(TestDatabases.TempDirectory(), "smtp-password");
        File.WriteAllText(passwordFile, password + "\n");
        return NotifyingServer.StartWith(
            $"""
            notifications:
              baseUrl: {BaseUrl}
            channels:
              - name: oncall-mail
                type: email
                host: 127.0.0.1
                port: {receiver.Port}
                username: {SmtpReceiver.Username}
                passwordFile: {passwordFile}
                from: {From}
                to: [{To}]
                acceptInvalidCertificate: true
            routes:
              - events: [{events}]
                channels: [oncall-mail]
            """);
    }

    public static MimeKit.MimeMessage Parse(ReceivedMail mail)
    {
        using var stream = new MemoryStream(mail.Raw);
        return MimeKit.MimeMessage.Load(stream);
    }
}
