using Firebreak.Server.Configuration;
using MimeKit;

namespace Firebreak.Server.Notifications.Channels.Email;

/// <summary>How the connection to the mail server is protected.</summary>
public enum EmailTls
{
    /// <summary>Plain connection upgraded with STARTTLS before anything else is said (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Implicit,

    /// <summary>No TLS at all: only for a relay on the same machine.</summary>
    None,
}

/// <summary>
/// Email through an SMTP server (a relay or a provider's submission port): STARTTLS by default, AUTH
/// when a username is given (the password from <c>passwordEnv</c> or <c>passwordFile</c>), one message
/// from <c>from</c> to every address in <c>to</c>.
/// </summary>
public sealed record EmailOptions(
    string Name,
    bool Private,
    string Host,
    int Port,
    EmailTls Tls,
    string? Username,
    Secret? Password,
    MailboxAddress From,
    IReadOnlyList<MailboxAddress> To,
    bool AcceptInvalidCertificate) : ChannelOptions(Name, Private)
{
    public override string Type => "email";

    public override string Target => $"smtp://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";

    public override IChannel Create(ChannelServices services) => new EmailChannel(this, services);

    public static ChannelOptions Read(ConfigSection section, string name, bool isPrivate)
    {
        // 'password' is listed so that a literal one is refused as a secret, naming passwordEnv and passwordFile.
        section.OnlyKeys("name", "type", "private", "host", "port", "tls", "username", "password", "passwordEnv", "passwordFile", "from", "to", "acceptInvalidCertificate");
        var password = section.Secret("password", required: false);
        var host = section.String("host")?.Trim() ?? throw section.Error($"{section.What} needs 'host', the SMTP server's name, like smtp.example.com.");
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw section.Error($"host '{host}' is not a host name or an IP address; give the SMTP server's name alone, like smtp.example.com (no scheme, no port).");
        }

        var tls = section.String("tls") switch
        {
            null or "starttls" => EmailTls.StartTls,
            "implicit" => EmailTls.Implicit,
            "none" => EmailTls.None,
            var other => throw section.Error($"tls '{other}' is not one of starttls (the default, port 587), implicit (port 465), none (only for a relay on localhost)."),
        };
        if (tls == EmailTls.None && !IsLoopback(host))
        {
            throw section.Error($"tls: none sends mail (and any password) in the clear; it is only allowed for a relay on localhost, 127.0.0.1 or ::1, not '{host}'. Use starttls or implicit.");
        }

        var port = section.Int("port") ?? (tls == EmailTls.Implicit ? 465 : 587);
        if (port is < 1 or > 65535)
        {
            throw section.Error($"port {port} is not a TCP port; give a number from 1 to 65535 (587 for starttls, 465 for implicit).");
        }

        var username = section.String("username");
        if (username is not null && password is null)
        {
            throw section.Error($"{section.What} gives a username, so it needs passwordEnv (an environment variable) or passwordFile (a file) holding the password.");
        }

        if (username is null && password is not null)
        {
            throw section.Error($"{section.What} gives a password but no username; add 'username', or remove the password to send without AUTH.");
        }

        var from = Address(section, "from", section.String("from")
            ?? throw section.Error($"{section.What} needs 'from', the sender's address, like firebreak@example.com."));
        var to = section.Strings("to") ?? throw section.Error($"{section.What} needs 'to', a list of one or more recipient addresses, like [oncall@example.com].");
        if (to.Count == 0)
        {
            throw section.Error($"{section.What} needs at least one address in 'to'.");
        }

        return new EmailOptions(
            name,
            isPrivate,
            host,
            port,
            tls,
            username,
            password,
            from,
            [.. to.Select(t => Address(section, "to", t))],
            section.Bool("acceptInvalidCertificate") ?? false);
    }

    private static bool IsLoopback(string host) => host is "localhost" or "127.0.0.1" or "::1" or "[::1]";

    private static MailboxAddress Address(ConfigSection section, string key, string text)
    {
        if (text.Any(char.IsControl) || !MailboxAddress.TryParse(text, out var mailbox) || !IsAddress(mailbox.Address))
        {
            throw section.Error($"{key} '{text}' is not an email address; write one address like oncall@example.com (or \"On-call <oncall@example.com>\").");
        }

        return mailbox;
    }

    private static bool IsAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Any(c => c is ' ' or ',' or ';' or '<' or '>')
            && Uri.CheckHostName(address[(at + 1)..].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
