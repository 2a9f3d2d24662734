using System.Globalization;
using System.Net;
using System.Text;
using Firebreak.Core.Notifications;
using MimeKit;

namespace Firebreak.Server.Notifications.Channels.Email;

/// <summary>
/// The email for one message: a one-line subject (no control character can reach a header), a
/// plain-text part and an HTML part with every user-written string encoded, and a Message-ID made from
/// the idempotency key, so every try of the same message carries the same id and receivers de-duplicate.
/// A pure function of the delivery and the addresses.
/// </summary>
public static class EmailRenderer
{
    /// <summary>Longest subject kept; the full headline is in the body.</summary>
    public const int MaxSubject = 200;

    public static MimeMessage Render(Delivery delivery, MailboxAddress from, IReadOnlyList<MailboxAddress> to)
    {
        var n = delivery.Notification;
        var message = new MimeMessage
        {
            Subject = Subject(n),
            Date = delivery.Now,
            MessageId = MessageId(delivery.IdempotencyKey, delivery.BaseUrl)[1..^1],
        };
        message.From.Add(from.Clone());
        message.To.AddRange(to.Select(t => t.Clone()));
        message.Headers.Add("X-Firebreak-Incident", n.IncidentKey);
        message.Headers.Add("X-Firebreak-Event", OneLine(n.Kind));

        // RFC 3834: a machine wrote this, so out-of-office replies stay away.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new MultipartAlternative
        {
            new TextPart("plain") { Text = Text(delivery) },
            new TextPart("html") { Text = Html(delivery) },
        };
        return message;
    }

    /// <summary>"[SEV-1] INC-7 internal update: Title", on one line whatever the title holds.</summary>
    public static string Subject(Notification n)
    {
        var headline = n.Headline;
        var severitySuffix = $" ({n.Severity})";
        if (headline.EndsWith(severitySuffix, StringComparison.Ordinal))
        {
            headline = headline[..^severitySuffix.Length];
        }

        var subject = OneLine($"[{n.Severity}] {headline}");
        if (subject.Length <= MaxSubject)
        {
            return subject;
        }

        var cut = char.IsHighSurrogate(subject[MaxSubject - 2]) ? MaxSubject - 2 : MaxSubject - 1;
        return string.Concat(subject.AsSpan(0, cut), "…");
    }

    /// <summary>
    /// <c>&lt;{key}@{host}&gt;</c>: the key with anything outside [A-Za-z0-9.-] replaced, at the host of the
    /// server's address ("firebreak" without one).
    /// </summary>
    public static string MessageId(string idempotencyKey, Uri? baseUrl)
    {
        var local = new StringBuilder(idempotencyKey.Length);
        foreach (var c in idempotencyKey)
        {
            var safe = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-';
            // A dot-atom has no leading, trailing or doubled dots.
            if (safe == '.' && (local.Length == 0 || local[^1] == '.'))
            {
                safe = '-';
            }

            local.Append(safe);
        }

        if (local.Length == 0)
        {
            local.Append("message");
        }
        else if (local[^1] == '.')
        {
            local[^1] = '-';
        }

        var host = baseUrl is { IsAbsoluteUri: true, HostNameType: UriHostNameType.Dns } && baseUrl.IdnHost.Length > 0 ? baseUrl.IdnHost : "firebreak";
        return $"<{local}@{host}>";
    }

    public static string Text(Delivery delivery)
    {
        var n = delivery.Notification;
        var text = new StringBuilder();
        text.Append(OneLine(n.Headline)).Append("\n\n");
        foreach (var (label, value) in Facts(n))
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        if (n.Text is { } body)
        {
            text.Append('\n').Append(Lines(body)).Append('\n');
        }

        text.Append("\nOpen the incident: ").Append(delivery.Link).Append('\n');
        return text.ToString();
    }

    public static string Html(Delivery delivery)
    {
        var n = delivery.Notification;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Encode(Subject(n))).Append("</title></head>\n");
        html.Append("<body style=\"font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #1b1f24;\">\n");
        html.Append("<h2 style=\"font-size: 18px; margin: 0 0 12px;\">").Append(Encode(OneLine(n.Headline))).Append("</h2>\n");
        html.Append("<table style=\"border-collapse: collapse; margin-bottom: 12px;\">\n");
        foreach (var (label, value) in Facts(n))
        {
            html.Append("<tr><th style=\"text-align: left; padding: 2px 12px 2px 0; color: #57606a;\">").Append(Encode(label))
                .Append("</th><td style=\"padding: 2px 0;\">").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (n.Text is { } body)
        {
            html.Append("<p style=\"margin: 0 0 12px;\">")
                .AppendJoin("<br>\n", Lines(body).Split('\n').Select(Encode))
                .Append("</p>\n");
        }

        html.Append("<p><a href=\"").Append(Encode(delivery.Link.AbsoluteUri)).Append("\">Open ")
            .Append(Encode(n.IncidentKey)).Append(" in Firebreak</a></p>\n</body></html>\n");
        return html.ToString();
    }

    // The facts under the headline, in reading order; the who-must-act line only for a nudge.
    private static IEnumerable<(string Label, string Value)> Facts(Notification n)
    {
        yield return ("Incident", OneLine($"{n.IncidentKey}: {n.Title}"));
        yield return ("Severity", OneLine(n.Severity));
        yield return ("Status", OneLine(n.Status));
        if (n.Services.Count > 0)
        {
            yield return ("Services", OneLine(string.Join(", ", n.Services)));
        }

        if (n.PublicStatus is { } publicStatus)
        {
            yield return ("Public status", OneLine(publicStatus));
        }

        if (n.AddressedTo.Count > 0)
        {
            yield return ("Who must act", OneLine(string.Join(", ", n.AddressedTo.Select(a => $"{a.Role}: {a.Holder}"))));
        }

        yield return ("By", OneLine($"{n.Actor}, {n.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The text with its line breaks as '\n' and no other control characters.</summary>
    public static string Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var clean = new StringBuilder(lines.Length);
        foreach (var c in lines)
        {
            clean.Append(c == '\n' || !IsBreaking(c) ? c : ' ');
        }

        return clean.ToString().Trim('\n');
    }

    /// <summary>Every control character, line or paragraph separator becomes a space; runs of spaces become one.</summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var s = IsBreaking(c) || char.IsWhiteSpace(c) ? ' ' : c;
            if (s != ' ' || (line.Length > 0 && line[^1] != ' '))
            {
                line.Append(s);
            }
        }

        return line.ToString().TrimEnd();
    }

    private static bool IsBreaking(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
