using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.StatusPage.Subscribers;

/// <summary>
/// Webhook subscribers added by admins: the secret answered once, each public update POSTed to a real
/// receiver signed with it (Standard Webhooks), the admin routes closed to responders, the list and its
/// CSV export without tokens or secrets, and formula-looking fields defused.
/// </summary>
public sealed class SubscriberWebhookTests
{
    [Fact]
    public async Task AWebhookSubscriber_GetsEachPublicUpdate_SignedWithItsOwnSecret()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var s = await SubscriberServer.StartAsync(email: false, webhooks: true);

        using var response = await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = receiver.Url + "/hooks/status" });
        var added = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        var secret = added.Str("secret");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(("webhook", receiver.Url + "/hooks/status", true), (added.Str("kind"), added.Str("address"), added.GetProperty("confirmed").GetBoolean()));

        // Only the public update of the public incident is sent.
        var id = await s.DeclareAsync("Search is slow", services: ["search"]);
        await s.Admin.PostUpdateAsync(id, "Internal: node 7 is hot.");
        var hidden = await s.DeclareAsync("Leaked keys", services: ["search"], isPrivate: true);
        await s.Admin.PostUpdateAsync(hidden, "Rotating keys.", "public", "identified");
        Assert.Empty(receiver.Requests);
        await s.Admin.PostUpdateAsync(id, "Searches take up to 5 s; we are investigating.", "public", "investigating");
        await s.DispatchAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/hooks/status"), (request.Method, request.Path));
        var webhookId = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var signature = request.Header("webhook-signature");
        Assert.False(string.IsNullOrEmpty(webhookId));
        Assert.Equal(s.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(SubscriberServer.ExpectedSignature(secret, webhookId!, timestamp!, request.Body), signature);
        // A different secret does not verify it.
        Assert.NotEqual(SubscriberServer.ExpectedSignature("whsec_" + Convert.ToBase64String(new byte[32]), webhookId!, timestamp!, request.Body), signature);
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);

        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("incident.updated", body.Str("type"));
        var incident = body.GetProperty("incident");
        Assert.Equal(("Search is slow", "investigating", "Searches take up to 5 s; we are investigating."), (incident.Str("title"), incident.Str("status"), incident.Str("body")));
        Assert.Contains("Search", incident.GetProperty("components").Strings());
        Assert.DoesNotContain("node 7", request.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Leaked", request.Text, StringComparison.Ordinal);

        // The admin removes it: nothing more is sent, and a second removal is 404.
        await HttpAssert.StatusAsync(await s.Admin.DeleteAsync($"/api/v1/status/subscribers/{added.Long("id")}"), HttpStatusCode.NoContent);
        Assert.Empty(await s.SubscribersAsync());
        await s.Admin.PostUpdateAsync(id, "Fixed.", "public", "resolved");
        await s.DispatchAsync();
        Assert.Single(receiver.Requests);
        await HttpAssert.ProblemAsync(await s.Admin.DeleteAsync($"/api/v1/status/subscribers/{added.Long("id")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheSameWebhookTwice_Is409_AndABadUrlIs400()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var s = await SubscriberServer.StartAsync(email: false, webhooks: true);
        var url = receiver.Url + "/hook";

        await HttpAssert.JsonAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = url }), HttpStatusCode.Created);
        await HttpAssert.ProblemAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = url }), HttpStatusCode.Conflict);
        await HttpAssert.InvalidAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = "ftp://example.com/x" }), "address");
        await HttpAssert.InvalidAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = "https://user:pw@example.com/x" }), "address");
        await HttpAssert.InvalidAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = url + "2", components = new[] { "Billing" } }), "components");
        await HttpAssert.InvalidAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "pigeon", address = url + "3" }), "kind");
        // Email is not offered on this page.
        await HttpAssert.InvalidAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "email", address = "ada@example.com" }), "kind");
        Assert.Single(await s.SubscribersAsync());
    }

    [Fact]
    public async Task AResponder_Gets403OnEveryAdminRoute()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var s = await SubscriberServer.StartAsync(email: false, webhooks: true);
        var added = await HttpAssert.JsonAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = receiver.Url + "/hook" }), HttpStatusCode.Created);
        using var rita = await s.Factory.UserAsync("rita");

        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("/api/v1/status/subscribers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("/api/v1/status/subscribers/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = receiver.Url + "/rita" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.DeleteAsync($"/api/v1/status/subscribers/{added.Long("id")}")).StatusCode);
        using (var anonymous = s.Factory.Anonymous())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/status/subscribers")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/status/subscribers/export")).StatusCode);
        }

        Assert.Equal([receiver.Url + "/hook"], (await s.SubscribersAsync()).Select(x => x.Str("address")));
    }

    [Fact]
    public async Task TheListAndTheExport_NeverShowATokenOrSecret_AndTheCsvDefusesFormulas()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var s = await SubscriberServer.StartAsync(email: true, webhooks: true);
        var hook = await HttpAssert.JsonAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "webhook", address = receiver.Url + "/hook", components = new[] { "Search", "API" } }), HttpStatusCode.Created);
        var secret = hook.Str("secret");

        // An admin adds an email address that a spreadsheet would run as a formula; it still confirms by its link.
        const string Formula = "=cmd@example.com";
        var mailed = await HttpAssert.JsonAsync(await s.Admin.PostAsJsonAsync("/api/v1/status/subscribers", new { kind = "email", address = Formula }), HttpStatusCode.Created);
        Assert.False(mailed.GetProperty("confirmed").GetBoolean());
        Assert.False(mailed.TryGetProperty("secret", out _));
        await s.DispatchAsync();
        var emailToken = SubscriberServer.TokenOf(Assert.Single(s.MailTo(Formula)));

        // The webhook's token is in its unsubscribe link.
        var id = await s.DeclareAsync("Search is slow", services: ["search"]);
        await s.Admin.PostUpdateAsync(id, "Looking into it.", "public", "investigating");
        await s.DispatchAsync();
        var unsubscribe = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.Str("unsubscribe");
        var hookToken = unsubscribe.Split('/')[^2];
        Assert.Equal(32, hookToken.Length);

        using var list = await s.Admin.GetAsync("/api/v1/status/subscribers");
        var listText = await list.Content.ReadAsStringAsync();
        var items = (await HttpAssert.JsonAsync(list)).Items();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.False(i.TryGetProperty("secret", out _) || i.TryGetProperty("token", out _), i.GetRawText()));

        using var export = await s.Admin.GetAsync("/api/v1/status/subscribers/export");
        await HttpAssert.StatusAsync(export, HttpStatusCode.OK);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        foreach (var text in new[] { listText, csv })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(hookToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(emailToken, text, StringComparison.Ordinal);
        }

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,kind,address,components,confirmed_at,created_at", rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith($"{hook.Long("id")},webhook,{receiver.Url}/hook,Search;API,2026-03-14T09:00:00", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"{mailed.Long("id")},email,'=cmd@example.com,all,,2026-03-14T09:00:00", rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
    }
}
