using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using MimeKit;

namespace Firebreak.Server.Tests.Notifications.Email;

/// <summary>
/// Incidents declared and updated through the real server reach a real SMTP server (smtp-server under
/// node) over STARTTLS with AUTH, as multipart/alternative mail whose Message-ID comes from the
/// delivery's idempotency key; temporary refusals are retried with the same Message-ID, permanent ones
/// fail the delivery, and hostile text arrives inert.
/// </summary>
public sealed class EmailDeliveryTests
{
    [Fact]
    public async Task DeclareAndUpdate_ArriveOverStartTls_WithAuth_AsTextAndHtml_WithTheKeysMessageId()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var server = MailServer.Start(receiver);
        var id = await server.Admin.DeclareIdAsync("Checkout 5xx", "SEV-1");
        await server.Admin.PostUpdateAsync(id, "Rolling back the 14:02 deploy.\nErrors are falling.");

        Assert.Equal(2, await server.DispatchAsync());
        var mails = receiver.Accepted;
        Assert.True(mails.Count == 2, receiver.Log);
        Assert.All(mails, m =>
        {
            Assert.True(m.Secure, "The message was sent before STARTTLS.");
            Assert.Equal(SmtpReceiver.Username, m.User);
            Assert.Equal(MailServer.From, m.MailFrom);
            Assert.Equal([MailServer.To], m.RcptTo);
        });

        var declared = MailServer.Parse(mails[0]);
        var update = MailServer.Parse(mails[1]);
        Assert.Equal($"[SEV-1] INC-{id} declared: Checkout 5xx", declared.Subject);
        Assert.Equal($"[SEV-1] INC-{id} internal update: Checkout 5xx", update.Subject);
        Assert.Equal(ResponseApi.Start, update.Date);
        Assert.Equal($"INC-{id}", update.Headers["X-Firebreak-Incident"]);
        Assert.Equal(MailServer.From, ((MailboxAddress)update.From.Single()).Address);
        Assert.Equal(MailServer.To, ((MailboxAddress)update.To.Single()).Address);

        // The Message-ID is the outbox key (incident, event position, channel) at the server's host.
        Assert.Matches(MessageIdPattern(id), declared.MessageId);
        Assert.Matches(MessageIdPattern(id), update.MessageId);
        Assert.NotEqual(declared.MessageId, update.MessageId);

        var alternative = Assert.IsType<MultipartAlternative>(update.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        var link = $"{MailServer.BaseUrl}/incidents/{id}";
        Assert.Contains("Rolling back the 14:02 deploy.\nErrors are falling.", update.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"Open the incident: {link}", update.TextBody, StringComparison.Ordinal);
        Assert.Contains("Rolling back the 14:02 deploy.<br>", update.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{link}\">", update.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<td style=\"padding: 2px 0;\">SEV-1</td>", update.HtmlBody, StringComparison.Ordinal);

        var log = await server.DeliveryItemsAsync($"?incident=INC-{id}");
        Assert.All(log, d => Assert.Equal(("delivered", "oncall-mail", "email", 1), (d.Str("state"), d.Str("channel"), d.Str("channelType"), d.GetProperty("attempts").GetInt32())));
        var one = await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/deliveries/{log[0].Long("id")}"));
        var attempt = one.GetProperty("tries").EnumerateArray().Single();
        Assert.Equal(250, attempt.GetProperty("status").GetInt32());
        Assert.Matches("^250 OK queued as test-[12]$", attempt.Str("detail"));
    }

    [Fact]
    public async Task A451_IsRetried_AndTheRetryCarriesTheSameMessageId()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var server = MailServer.Start(receiver, events: "declared");
        receiver.RefuseData = 451;
        var id = await server.Admin.DeclareIdAsync("Search slow", "SEV-3");

        Assert.Equal(1, await server.DispatchAsync());
        var pending = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal(("pending", 451), (pending.Str("state"), pending.GetProperty("lastStatus").GetInt32()));
        Assert.Contains("451 the message was not accepted: 4.7.1 Try again later", pending.Str("lastError"), StringComparison.Ordinal);
        Assert.Empty(receiver.Accepted);

        receiver.RefuseData = null;
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await server.DispatchAsync());
        var tries = receiver.Messages;
        Assert.Equal([451, 250], tries.Select(m => m.Answered));
        var first = MailServer.Parse(tries[0]);
        var second = MailServer.Parse(tries[1]);
        Assert.Matches(MessageIdPattern(id), second.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
        var delivered = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal(("delivered", 2), (delivered.Str("state"), delivered.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A550ForTheRecipient_FailsTheDelivery_WithTheServersReply()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var server = MailServer.Start(receiver, events: "declared");
        receiver.RefuseRcpt = 550;
        var id = await server.Admin.DeclareIdAsync();

        Assert.Equal(1, await server.DispatchAsync());
        server.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await server.DispatchAsync());

        var failed = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal(("failed", 550, 1), (failed.Str("state"), failed.GetProperty("lastStatus").GetInt32(), failed.GetProperty("attempts").GetInt32()));
        Assert.Contains($"550 the recipient {MailServer.To} was not accepted: 5.1.1 Mailbox unavailable", failed.Str("lastError"), StringComparison.Ordinal);
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task AWrongPassword_IsRefused_AndNothingIsSent()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var server = MailServer.Start(receiver, password: "not-the-password", events: "declared");
        var id = await server.Admin.DeclareIdAsync();

        Assert.Equal(1, await server.DispatchAsync());

        var failed = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal(("failed", 535), (failed.Str("state"), failed.GetProperty("lastStatus").GetInt32()));
        Assert.Contains("authentication failed", failed.Str("lastError"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", failed.ToString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task HostileTitleAndUpdate_ArriveInert_EscapedInHtml_WithNoExtraHeaderOrRecipient()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var server = MailServer.Start(receiver, events: "update-internal");
        const string script = "<script>alert(1)</script>";
        const string image = "\"><img src=x onerror=alert(1)>";

        // CR/LF never gets into a title: the API refuses it. A Unicode line separator does get in, and must not break a line either.
        var refused = await server.Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Checkout\r\nBcc: evil@example.com", severity = "SEV-2" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var title = $"Checkout {script}\u2028Bcc: evil@example.com {image}";
        var id = await server.Admin.DeclareIdAsync(title, "SEV-2");
        await server.Admin.PostUpdateAsync(id, $"First {script}\r\nBcc: evil@example.com\r\n{image}");

        Assert.Equal(1, await server.DispatchAsync());
        var mail = receiver.Accepted.Single();
        Assert.Equal([MailServer.To], mail.RcptTo);
        var message = MailServer.Parse(mail);
        Assert.DoesNotContain(message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(message.Bcc);
        Assert.Equal([MailServer.To], message.To.Mailboxes.Select(m => m.Address));
        Assert.DoesNotContain('\n', message.Subject!);
        Assert.DoesNotContain('\u2028', message.Subject!);
        Assert.Equal($"[SEV-2] INC-{id} internal update: Checkout {script} Bcc: evil@example.com {image}", message.Subject);

        // The raw header block has no line starting with Bcc, however the subject was encoded.
        var raw = mail.RawText.ReplaceLineEndings("\n");
        var headerBlock = raw[..raw.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.DoesNotMatch("(?im)^bcc:", headerBlock);

        var html = message.HtmlBody;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("First &lt;script&gt;alert(1)&lt;/script&gt;<br>", html, StringComparison.Ordinal);

        // The text part keeps the words as written: it is plain text, read as such.
        Assert.Contains($"First {script}\nBcc: evil@example.com\n{image}", message.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static Regex MessageIdPattern(long id) => new($"^INC-{id}\\.[0-9]+\\.oncall-mail@firebreak\\.example\\.com$");
}
