using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage.Subscribers;

/// <summary>
/// The edges of subscribing: news queued before an unsubscribe, signing up again, hostile text in
/// the mail, and an admin's removal racing a queued webhook.
/// </summary>
public sealed class SubscriberEdgeTests
{
    private const string Ada = "ada@example.com";

    [Fact]
    public async Task NewsQueuedBeforeTheUnsubscribe_IsNotMailedAfterIt()
    {
        await using var s = await SubscriberServer.StartAsync();
        var token = await s.SubscribeAsync(Ada);
        var id = await s.DeclareAsync("API errors", services: ["checkout"]);

        // The update is committed (and its message queued) while Ada is subscribed; she unsubscribes before the dispatcher runs.
        await s.Admin.PostUpdateAsync(id, "Some API calls fail.", "public", "investigating");
        await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/unsubscribe"), HttpStatusCode.OK);
        Assert.Empty(await s.SubscribersAsync());
        await s.DispatchAsync();

        // "Unsubscribing erases the subscriber": nothing more reaches the address.
        Assert.True(s.MailTo(Ada).Count == 1, $"After unsubscribing, {Ada} still got: {string.Join(" | ", s.MailTo(Ada).Skip(1).Select(m => m.Subject))}");
    }

    [Fact]
    public async Task AWebhookRemovedWithNewsQueued_GetsNothing()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var s = await SubscriberServer.StartAsync(email: false, webhooks: true);
        var added = await HttpAssert.JsonAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = receiver.Url + "/hook" }), HttpStatusCode.Created);
        var id = await s.DeclareAsync("API errors", services: ["checkout"]);
        await s.Admin.PostUpdateAsync(id, "Some API calls fail.", "public", "investigating");
        await HttpAssert.StatusAsync(await s.Admin.DeleteAsync($"/api/v1/status/subscribers/{added.Long("id")}"), HttpStatusCode.NoContent);
        await s.DispatchAsync();
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task SigningUpAgain_ResendsTheConfirmationWhileUnconfirmed_AndNothingOnceConfirmed()
    {
        await using var s = await SubscriberServer.StartAsync();
        var token = await s.SignUpUnconfirmedAsync(Ada);
        s.Clock.Advance(TimeSpan.FromMinutes(3));

        await HttpAssert.StatusAsync(await s.SignUpFormAsync(Ada), HttpStatusCode.Accepted);
        await s.DispatchAsync();
        var mails = s.MailTo(Ada);
        Assert.Equal(2, mails.Count);
        Assert.Equal("Confirm your subscription to Acme", mails[1].Subject);
        Assert.Equal(token, SubscriberServer.TokenOf(mails[1]));
        Assert.NotEqual(mails[0].MessageId, mails[1].MessageId);
        Assert.Single(await s.SubscribersAsync());

        await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/confirm"), HttpStatusCode.OK);
        // Confirming twice is harmless.
        await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/confirm"), HttpStatusCode.OK);

        // The same answer for a confirmed address, and no mail: the sign-up tells nobody who subscribes.
        using var again = await s.SignUpJsonAsync(new { email = Ada, components = new[] { "Search" } });
        var answer = await HttpAssert.JsonAsync(again, HttpStatusCode.Accepted);
        Assert.Contains("confirmation link", answer.Str("message"), StringComparison.Ordinal);
        await s.DispatchAsync();
        Assert.Equal(2, s.MailTo(Ada).Count);
        var listed = Assert.Single(await s.SubscribersAsync());
        Assert.True(listed.GetProperty("confirmed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("components").ValueKind);
    }

    [Fact]
    public async Task HostileTextInAnUpdate_ArrivesInertInTheMail()
    {
        await using var s = await SubscriberServer.StartAsync();
        await s.SubscribeAsync(Ada);
        var id = await s.DeclareAsync("Search <script>alert(1)</script>", services: ["search"]);
        await s.Admin.PostUpdateAsync(id, "We see <img src=x onerror=alert(1)> errors.", "public", "investigating");
        await s.DispatchAsync();

        var news = s.MailTo(Ada)[^1];
        Assert.Equal("[Acme] Search <script>alert(1)</script>: investigating", news.Subject);
        Assert.Contains("We see <img src=x onerror=alert(1)> errors.", news.TextBody, StringComparison.Ordinal);
        Assert.Contains("We see &lt;img src=x onerror=alert(1)&gt; errors.", news.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", news.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", news.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheManagePage_EscapesTheAddress_AndIsNotIndexed()
    {
        await using var s = await SubscriberServer.StartAsync();
        const string Odd = "o'brien+<status>@example.com";
        var answer = await s.SignUpJsonAsync(new { email = Odd });
        if (answer.StatusCode == HttpStatusCode.BadRequest)
        {
            // Refusing such an address is fine too; nothing is stored then.
            Assert.Empty(await s.SubscribersAsync());
            return;
        }

        await HttpAssert.StatusAsync(answer, HttpStatusCode.Accepted);
        await s.DispatchAsync();
        var token = SubscriberServer.TokenOf(Assert.Single(s.MailTo(Odd)));
        using var manage = await s.GetAnonymousAsync($"/status/subscriptions/{token}");
        var html = await manage.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<status>", html, StringComparison.Ordinal);
        Assert.Contains("noindex", html, StringComparison.Ordinal);
    }
}
