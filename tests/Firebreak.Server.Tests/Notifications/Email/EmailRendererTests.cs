using Firebreak.Core.Notifications;
using Firebreak.Server.Notifications.Channels;
using Firebreak.Server.Notifications.Channels.Email;
using MimeKit;

namespace Firebreak.Server.Tests.Notifications.Email;

/// <summary>The email renderer alone: one-line subjects, Message-IDs from keys, encoded HTML, the nudge's who-must-act.</summary>
public sealed class EmailRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("INC-7.42.oncall-mail", "https://firebreak.example.com/", "<INC-7.42.oncall-mail@firebreak.example.com>")]
    [InlineData("INC-7.42.on call/mail", "http://10.0.0.5:8080/", "<INC-7.42.on-call-mail@firebreak>")]
    [InlineData("test:oncall-mail:3f9a", "http://localhost:5080/", "<test-oncall-mail-3f9a@localhost>")]
    [InlineData(".a..b.", "https://firebreak.example.com/", "<-a.-b-@firebreak.example.com>")]
    public void MessageId_IsTheKey_MadeSafe_AtTheServersHost(string key, string baseUrl, string expected) =>
        Assert.Equal(expected, EmailRenderer.MessageId(key, new Uri(baseUrl)));

    [Fact]
    public void Subject_IsOneLine_WhateverTheTitleHolds()
    {
        var n = Notification("Checkout\r\nBcc: evil@example.com\u2028\u0085\tdown") with
        {
            Headline = "INC-7 declared: Checkout\r\nBcc: evil@example.com\u2028\u0085\tdown (SEV-1)",
        };

        Assert.Equal("[SEV-1] INC-7 declared: Checkout Bcc: evil@example.com down", EmailRenderer.Subject(n));
    }

    [Fact]
    public void Subject_IsCut_ToALengthHeadersCarry()
    {
        var n = Notification(new string('x', 400)) with { Headline = "INC-7 internal update: " + new string('x', 400) };

        var subject = EmailRenderer.Subject(n);

        Assert.Equal(EmailRenderer.MaxSubject, subject.Length);
        Assert.EndsWith("x…", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_EncodesEveryUserString_AndNamesWhoMustActOnANudge()
    {
        var n = Notification("<b>bold</b>") with
        {
            Kind = NotificationKind.Silence,
            Headline = "INC-7 needs you: a stakeholder update is overdue",
            Services = ["<svc>"],
            PublicStatus = "identified",
            AddressedTo = [new Addressee("comms", "<i>eve</i>")],
            Actor = "a&b",
            Text = "line one\nline <two>",
        };

        var html = EmailRenderer.Html(Delivery(n));
        var text = EmailRenderer.Text(Delivery(n));

        Assert.Contains("INC-7: &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;svc&gt;", html, StringComparison.Ordinal);
        Assert.Contains("comms: &lt;i&gt;eve&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a&amp;b, 2026-03-14 09:30 UTC", html, StringComparison.Ordinal);
        Assert.Contains("line one<br>\nline &lt;two&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("Who must act: comms: <i>eve</i>\n", text, StringComparison.Ordinal);
        Assert.Contains("Public status: identified\n", text, StringComparison.Ordinal);
        Assert.Contains("Open the incident: https://firebreak.example.com/incidents/7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IsTheSame_OnEveryTry()
    {
        var n = Notification("Checkout down");
        var from = MailboxAddress.Parse("firebreak@example.com");
        var to = new[] { MailboxAddress.Parse("oncall@example.com") };

        var first = EmailRenderer.Render(Delivery(n, attempt: 1), from, to);
        var third = EmailRenderer.Render(Delivery(n, attempt: 3), from, to);

        Assert.Equal("INC-7.42.oncall-mail@firebreak.example.com", first.MessageId);
        Assert.Equal(first.MessageId, third.MessageId);
        Assert.Equal((first.Subject, first.TextBody, first.HtmlBody), (third.Subject, third.TextBody, third.HtmlBody));
        Assert.Equal("INC-7", first.Headers["X-Firebreak-Incident"]);
        Assert.Equal("auto-generated", first.Headers["Auto-Submitted"]);
    }

    private static Delivery Delivery(Notification n, int attempt = 1) =>
        new("INC-7.42.oncall-mail", n, new Uri("https://firebreak.example.com/"), attempt, At);

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
