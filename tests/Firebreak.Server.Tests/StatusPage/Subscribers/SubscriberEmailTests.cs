using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;
using MimeKit;

namespace Firebreak.Server.Tests.StatusPage.Subscribers;

/// <summary>
/// Email subscribers of the status page, end to end through a real SMTP receiver: double opt-in, only
/// public news of public incidents, per-component choice, unsubscribing (link and RFC 8058 one-click),
/// and maintenance news.
/// </summary>
public sealed class SubscriberEmailTests
{
    private const string Ada = "ada@example.com";
    private const string Bob = "bob@example.com";

    [Fact]
    public async Task SignUp_SendsOnlyTheConfirmation_AndAfterConfirming_OnlyPublicUpdatesOfPublicIncidentsArrive()
    {
        await using var s = await SubscriberServer.StartAsync();

        using (var answer = await s.SignUpFormAsync(Ada))
        {
            await HttpAssert.StatusAsync(answer, HttpStatusCode.Accepted);
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        }

        await s.DispatchAsync();
        var confirmation = Assert.Single(s.MailTo(Ada));
        Assert.Single(s.Mail!.Accepted);
        var token = SubscriberServer.TokenOf(confirmation);
        Assert.Equal("Confirm your subscription to Acme", confirmation.Subject);
        Assert.Equal($"<{SubscriberServer.BaseUrl}/status/subscriptions/{token}/unsubscribe>", confirmation.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", confirmation.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(Ada, ((MailboxAddress)confirmation.To.Single()).Address);
        Assert.Contains($"{SubscriberServer.BaseUrl}/status/subscriptions/{token}", confirmation.TextBody, StringComparison.Ordinal);

        // Listed, but not confirmed.
        var listed = Assert.Single(await s.SubscribersAsync());
        Assert.Equal(("email", Ada, false), (listed.Str("kind"), listed.Str("address"), listed.GetProperty("confirmed").GetBoolean()));

        // Before confirming, a public update sends this address nothing.
        var id = await s.DeclareAsync("Search is slow", services: ["search"]);
        await s.Admin.PostUpdateAsync(id, "We are looking into slow searches.", "public", "investigating");
        await s.DispatchAsync();
        Assert.Single(s.MailTo(Ada));
        Assert.Single(s.MailTo(SubscriberServer.OnCall)); // the dispatcher did run: the on-call channel got the declaration

        // The manage page offers the confirmation; POST confirm.
        using (var manage = await s.GetAnonymousAsync($"/status/subscriptions/{token}"))
        {
            await HttpAssert.StatusAsync(manage, HttpStatusCode.OK);
            var html = await manage.Content.ReadAsStringAsync();
            Assert.Contains("not confirmed yet", html, StringComparison.Ordinal);
            Assert.Contains($"action=\"/status/subscriptions/{token}/confirm\"", html, StringComparison.Ordinal);
        }

        // Opening the link (GET) does not confirm: a mail scanner following links subscribes nobody.
        Assert.False(Assert.Single(await s.SubscribersAsync()).GetProperty("confirmed").GetBoolean());
        await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/confirm"), HttpStatusCode.OK);
        Assert.True(Assert.Single(await s.SubscribersAsync()).GetProperty("confirmed").GetBoolean());

        await s.Admin.PostUpdateAsync(id, "The index rebuild is the cause; searches will be fast again within the hour.", "public", "identified");
        await s.DispatchAsync();
        var mails = s.MailTo(Ada);
        Assert.Equal(2, mails.Count);
        var news = mails[1];
        Assert.Contains("Search is slow", news.Subject, StringComparison.Ordinal);
        Assert.Equal("[Acme] Search is slow: identified", news.Subject);
        Assert.Contains("The index rebuild is the cause; searches will be fast again within the hour.", news.TextBody, StringComparison.Ordinal);
        Assert.Contains("The index rebuild is the cause", news.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{SubscriberServer.BaseUrl}/status/subscriptions/{token}", news.TextBody, StringComparison.Ordinal);
        Assert.Contains("unsubscribe", news.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"<{SubscriberServer.BaseUrl}/status/subscriptions/{token}/unsubscribe>", news.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", news.Headers["List-Unsubscribe-Post"]);

        // An internal update, and a private incident's public update, send nothing.
        await s.Admin.PostUpdateAsync(id, "Internal: the reindex job is on node 7.");
        var secret = await s.DeclareAsync("Leaked search keys", services: ["search"], isPrivate: true);
        await s.Admin.PostUpdateAsync(secret, "Rotating the search keys.", "public", "identified");
        await s.DispatchAsync();
        Assert.Equal(2, s.MailTo(Ada).Count);
        Assert.DoesNotContain(s.Mail!.Accepted.Select(m => m.RawText), raw => raw.Contains("node 7", StringComparison.Ordinal) && raw.Contains(Ada, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASubscriberToSearch_HearsOnlyOfSearch_AndTheManageFormChangesTheComponents()
    {
        await using var s = await SubscriberServer.StartAsync();
        var token = await s.SubscribeAsync(Ada, "Search");
        Assert.Equal(["Search"], Assert.Single(await s.SubscribersAsync()).GetProperty("components").Strings());

        // Checkout only (stated impact): nothing. Search (stated impact): one message.
        var checkout = await s.DeclareAsync("Card payments fail", impact: new() { ["Checkout"] = "major_outage" });
        await s.Admin.PostUpdateAsync(checkout, "Card payments fail for some customers.", "public", "investigating");
        await s.DispatchAsync();
        Assert.Single(s.MailTo(Ada));

        var search = await s.DeclareAsync("Search results are stale", impact: new() { ["Search"] = "degraded_performance" });
        await s.Admin.PostUpdateAsync(search, "Search results lag by ten minutes.", "public", "investigating");
        await s.DispatchAsync();
        var mails = s.MailTo(Ada);
        Assert.Equal(2, mails.Count);
        Assert.Equal("[Acme] Search results are stale: investigating", mails[1].Subject);
        Assert.Contains("Affects: Search", mails[1].TextBody, StringComparison.Ordinal);

        // By services too: an incident on the search service affects Search (and API).
        var byService = await s.DeclareAsync("Search cluster restarting", services: ["search"]);
        await s.Admin.PostUpdateAsync(byService, "A search node restarts.", "public", "monitoring");
        await s.DispatchAsync();
        Assert.Equal(3, s.MailTo(Ada).Count);

        // The manage form: Checkout instead of Search.
        using (var saved = await s.PostFormAsync($"/status/subscriptions/{token}/components", ("components", "Checkout")))
        {
            await HttpAssert.StatusAsync(saved, HttpStatusCode.OK);
        }

        Assert.Equal(["Checkout"], Assert.Single(await s.SubscribersAsync()).GetProperty("components").Strings());
        using (var manage = await s.GetAnonymousAsync($"/status/subscriptions/{token}"))
        {
            var html = await manage.Content.ReadAsStringAsync();
            Assert.Contains("value=\"Checkout\" checked>", html, StringComparison.Ordinal);
            Assert.Contains("value=\"Search\">", html, StringComparison.Ordinal);
            Assert.Contains("is subscribed.", html, StringComparison.Ordinal);
        }

        await s.Admin.PostUpdateAsync(search, "Search results are current again.", "public", "resolved");
        await s.DispatchAsync();
        Assert.Equal(3, s.MailTo(Ada).Count);

        await s.Admin.PostUpdateAsync(checkout, "A fix for card payments is rolling out.", "public", "identified");
        await s.DispatchAsync();
        var after = s.MailTo(Ada);
        Assert.Equal(4, after.Count);
        Assert.Equal("[Acme] Card payments fail: identified", after[3].Subject);

        // An unknown component in the form is refused and changes nothing.
        using (var refused = await s.PostFormAsync($"/status/subscriptions/{token}/components", ("components", "Billing")))
        {
            await HttpAssert.StatusAsync(refused, HttpStatusCode.BadRequest);
        }

        Assert.Equal(["Checkout"], Assert.Single(await s.SubscribersAsync()).GetProperty("components").Strings());

        // Nothing ticked: every component again.
        await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/components"), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Assert.Single(await s.SubscribersAsync()).GetProperty("components").ValueKind);
    }

    [Fact]
    public async Task Unsubscribing_ByTheLinkAndByOneClick_ErasesTheRow_StopsTheMail_AndTheLinkThen404s()
    {
        await using var s = await SubscriberServer.StartAsync();
        var ada = await s.SubscribeAsync(Ada);
        var bob = await s.SubscribeAsync(Bob);
        Assert.Equal(2, (await s.SubscribersAsync()).Count);

        var id = await s.DeclareAsync("API errors", services: ["checkout"]);
        await s.Admin.PostUpdateAsync(id, "Some API calls fail.", "public", "investigating");
        await s.DispatchAsync();
        Assert.Equal((2, 2), (s.MailTo(Ada).Count, s.MailTo(Bob).Count));

        // Ada: the link's POST (the manage page's button, no body).
        using (var gone = await s.PostFormAsync($"/status/subscriptions/{ada}/unsubscribe"))
        {
            await HttpAssert.StatusAsync(gone, HttpStatusCode.OK);
            Assert.Contains("unsubscribed", await gone.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal([Bob], (await s.SubscribersAsync()).Select(x => x.Str("address")));

        // Bob: RFC 8058 one-click, as a mail client sends it to the List-Unsubscribe address.
        var unsubscribe = s.MailTo(Bob)[1].Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.Equal($"{SubscriberServer.BaseUrl}/status/subscriptions/{bob}/unsubscribe", unsubscribe);
        using (var anonymous = s.Factory.Anonymous())
        using (var oneClick = await anonymous.PostAsync(new Uri(unsubscribe).PathAndQuery, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            await HttpAssert.StatusAsync(oneClick, HttpStatusCode.OK);
        }

        Assert.Empty(await s.SubscribersAsync());
        Assert.DoesNotContain(Ada, await (await s.Admin.GetAsync("/api/v1/status/subscribers/export")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await s.Admin.PostUpdateAsync(id, "The API is back.", "public", "resolved");
        await s.DispatchAsync();
        Assert.Equal((2, 2), (s.MailTo(Ada).Count, s.MailTo(Bob).Count));

        foreach (var token in new[] { ada, bob })
        {
            await HttpAssert.StatusAsync(await s.GetAnonymousAsync($"/status/subscriptions/{token}"), HttpStatusCode.NotFound);
            await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/confirm"), HttpStatusCode.NotFound);
            await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/unsubscribe"), HttpStatusCode.NotFound);
            await HttpAssert.StatusAsync(await s.PostFormAsync($"/status/subscriptions/{token}/components", ("components", "API")), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task SchedulingMaintenance_TellsTheSubscribersOfItsComponents()
    {
        await using var s = await SubscriberServer.StartAsync();
        await s.SubscribeAsync(Ada, "API");
        await s.SubscribeAsync(Bob, "Checkout");
        const string Carol = "carol@example.com";
        await s.SubscribeAsync(Carol);

        using var scheduled = await s.Admin.PostAsJsonAsync("/api/v1/maintenances", new
        {
            title = "Database upgrade",
            message = "We upgrade the database; the API may be slow.",
            components = new[] { "API" },
            startsAt = ResponseApi.Start.AddHours(2),
            endsAt = ResponseApi.Start.AddHours(4),
        });
        await HttpAssert.StatusAsync(scheduled, HttpStatusCode.Created);
        await s.DispatchAsync();

        var ada = s.MailTo(Ada);
        Assert.Equal(2, ada.Count);
        Assert.Equal("[Acme] Maintenance: Database upgrade (scheduled)", ada[1].Subject);
        Assert.Contains("We upgrade the database; the API may be slow.", ada[1].TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-03-14 11:00 UTC", ada[1].TextBody, StringComparison.Ordinal);
        Assert.Contains("Affects: API", ada[1].TextBody, StringComparison.Ordinal);
        Assert.Equal(2, s.MailTo(Carol).Count);
        Assert.Single(s.MailTo(Bob));

        // When the scheduler starts it, that is news too, to the same subscribers.
        s.Clock.Advance(TimeSpan.FromMinutes(125));
        Assert.True(await s.Factory.RunSchedulerAsync() >= 1);
        await s.DispatchAsync();
        ada = s.MailTo(Ada);
        Assert.Equal(3, ada.Count);
        Assert.Equal("[Acme] Maintenance: Database upgrade (in progress)", ada[2].Subject);
        Assert.Equal(3, s.MailTo(Carol).Count);
        Assert.Single(s.MailTo(Bob));
    }
}
