using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Notifications.Channels.Webhook;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// Events queue their messages in the outbox and the dispatcher delivers them to real receivers on
/// loopback: signed, in order per incident, retried with backoff, given up after the configured age
/// and then retried by hand; private incidents only to channels marked for them.
/// </summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task DeclareAndUpdate_ReachTheWebhook_Signed_InOrder_OncePerEvent()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("ops", receiver.Url + "/hook", false)]);
        var id = await server.Admin.DeclareIdAsync("Checkout 5xx", "SEV-2");
        await server.Admin.PostUpdateAsync(id, "Investigating elevated errors on checkout.");
        await server.Admin.PostUpdateAsync(id, "We are rolling back the 14:02 deploy.", "public", "identified");

        var tried = await server.DispatchAsync();
        var got = receiver.Requests;
        Assert.True(tried == 4, string.Join("\n", got.Select(r => r.Text)));
        Assert.Equal(0, await server.DispatchAsync());

        // The public update without a comms lead also raised the many-voices nudge, addressed to the commander's role.
        Assert.Equal(["incident.declared", "incident.update-internal", "incident.update-public", "incident.many-voices"], got.Select(r => NotifyingServer.Body(r).Str("type")));
        var nudge = NotifyingServer.Body(got[3]).GetProperty("data").GetProperty("addressedTo").EnumerateArray().Single();
        Assert.Equal(("commander", "unassigned"), (nudge.Str("role"), nudge.Str("holder")));
        Assert.All(got, r => Assert.Equal("/hook", r.Path));
        var update = NotifyingServer.Body(got[2]).GetProperty("data");
        Assert.Equal(("INC-" + id, "identified", "We are rolling back the 14:02 deploy."), (update.Str("incident"), update.Str("publicStatus"), update.Str("text")));
        Assert.EndsWith($"/incidents/{id}", update.Str("url"), StringComparison.Ordinal);
        foreach (var request in got)
        {
            var webhookId = request.Header("webhook-id")!;
            var timestamp = long.Parse(request.Header("webhook-timestamp")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("msg_INC-", webhookId, StringComparison.Ordinal);
            Assert.Equal(ResponseApi.Start.ToUnixTimeSeconds(), timestamp);
            Assert.Equal(WebhookSigner.Sign(NotifyingServer.Secret, webhookId, timestamp, request.Body), request.Header("webhook-signature"));
        }

        Assert.Equal(4, got.Select(r => r.Header("webhook-id")).Distinct().Count());
        var log = await server.DeliveryItemsAsync($"?incident=INC-{id}");
        Assert.Equal(4, log.Count);
        Assert.All(log, d => Assert.Equal(("delivered", 1, "ops", "webhook"), (d.Str("state"), d.GetProperty("attempts").GetInt32(), d.Str("channel"), d.Str("channelType"))));
        var one = await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/deliveries/{log[0].Long("id")}"));
        var tries = one.GetProperty("tries").EnumerateArray().ToList();
        Assert.Equal(("delivered", 200, "ok"), (tries.Single().Str("outcome"), tries[0].GetProperty("status").GetInt32(), tries[0].Str("detail")));
    }

    [Fact]
    public async Task AReceiverDownForTenMinutes_GetsEverythingAfterItRecovers_InOrder_AndNothingTwice()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var down = true;
        receiver.Answer = _ => down ? new ReceiverAnswer(503, "maintenance") : ReceiverAnswer.Ok;
        await using var server = NotifyingServer.Start([("ops", receiver.Url, false)]);
        var first = await server.Admin.DeclareIdAsync("Payments down", "SEV-1");
        var second = await server.Admin.DeclareIdAsync("Search slow", "SEV-3");
        for (var i = 1; i <= 5; i++)
        {
            await server.Admin.PostUpdateAsync(first, $"Payments update {i}");
            await server.Admin.PostUpdateAsync(second, $"Search update {i}");
            await server.DispatchAsync();
            server.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        await server.RunForAsync(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(20));
        Assert.Empty(receiver.Accepted);
        // While one message of an incident waits for its retry, the later ones wait behind it.
        var triedTexts = receiver.Requests.Select(r => NotifyingServer.Body(r).GetProperty("data")).Select(d => d.Str("headline")).Distinct().ToList();
        Assert.Equal(2, triedTexts.Count);

        down = false;
        await server.RunForAsync(TimeSpan.FromMinutes(31), TimeSpan.FromSeconds(30));
        var delivered = receiver.Accepted.Select(r => NotifyingServer.Body(r).GetProperty("data")).ToList();
        Assert.Equal(12, delivered.Count);
        Assert.Equal(12, receiver.Accepted.Select(r => r.Header("webhook-id")).Distinct().Count());
        foreach (var incident in new[] { first, second })
        {
            var mine = delivered.Where(d => d.Long("incidentId") == incident).Select(d => d.GetProperty("text").GetString() ?? d.Str("kind")).ToList();
            Assert.Equal(6, mine.Count);
            Assert.Equal(mine.Skip(1).ToList(), mine.Skip(1).OrderBy(t => t, StringComparer.Ordinal).ToList());
        }

        var failed = await server.DeliveryItemsAsync("?state=pending");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_WaitsAsLongAsAsked()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var calls = 0;
        receiver.Answer = _ => Interlocked.Increment(ref calls) == 1
            ? new ReceiverAnswer(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "120" })
            : ReceiverAnswer.Ok;
        await using var server = NotifyingServer.Start([("ops", receiver.Url, false)]);
        var id = await server.Admin.DeclareIdAsync();
        await server.DispatchAsync();

        var pending = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal(("pending", 429, "429 slow down"), (pending.Str("state"), pending.GetProperty("lastStatus").GetInt32(), pending.Str("lastError")));
        Assert.True(pending.Time("nextAttemptAt") >= server.Clock.GetUtcNow().AddSeconds(120));
        server.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await server.DispatchAsync());
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal("delivered", (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single().Str("state"));
    }

    [Fact]
    public async Task AFailingReceiver_IsGivenUpAfterTheConfiguredAge_ThenAnAdminRetriesIt()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var healthy = false;
        receiver.Answer = _ => healthy ? ReceiverAnswer.Ok : new ReceiverAnswer(500, "boom");
        await using var server = NotifyingServer.Start(
            [("ops", receiver.Url, false)],
            "notifications:\n  giveUpAfter: 1h\nroutes:\n  - events: [declared]\n    channels: [ops]\n");
        var id = await server.Admin.DeclareIdAsync();
        await server.RunForAsync(TimeSpan.FromMinutes(70), TimeSpan.FromMinutes(1));

        var failed = (await server.DeliveryItemsAsync("?state=failed")).Single();
        Assert.Equal("INC-" + id, failed.Str("incident"));
        Assert.Contains("gave up", failed.Str("lastError"), StringComparison.Ordinal);
        Assert.True(failed.IsNull("nextAttemptAt"));
        var tries = failed.GetProperty("attempts").GetInt32();
        Assert.InRange(tries, 5, 12);
        Assert.Equal(tries, receiver.Requests.Count);
        await server.RunForAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(10));
        Assert.Equal(tries, receiver.Requests.Count);

        using var responder = await server.Factory.UserAsync("rita");
        await HttpAssert.ProblemAsync(await responder.PostAsync($"/api/v1/deliveries/{failed.Long("id")}/retry", null), HttpStatusCode.Forbidden);
        healthy = true;
        var retried = await HttpAssert.JsonAsync(await server.Admin.PostAsync($"/api/v1/deliveries/{failed.Long("id")}/retry", null));
        Assert.Equal("pending", retried.Str("state"));
        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal("delivered", (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single().Str("state"));
        await HttpAssert.ProblemAsync(await server.Admin.PostAsync($"/api/v1/deliveries/{failed.Long("id")}/retry", null), HttpStatusCode.Conflict, "only a failed delivery");
    }

    [Fact]
    public async Task ARefusal_FailsAtOnce_AndTheIncidentsLaterMessagesStillGo()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Answer = r => NotifyingServer.Body(r).Str("type") == "incident.declared" ? new ReceiverAnswer(400, "bad payload") : ReceiverAnswer.Ok;
        await using var server = NotifyingServer.Start([("ops", receiver.Url, false)]);
        var id = await server.Admin.DeclareIdAsync();
        await server.Admin.PostUpdateAsync(id, "Next");
        await server.DispatchAsync();
        await server.DispatchAsync();

        var log = await server.DeliveryItemsAsync($"?incident=INC-{id}");
        Assert.Equal(["delivered", "failed"], log.Select(d => d.Str("state")));
        Assert.Equal("400 bad payload", log[1].Str("lastError"));
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task PrivateIncidents_GoOnlyToChannelsMarkedPrivate()
    {
        await using var open = await RecordingReceiver.StartAsync();
        await using var closed = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("everyone", open.Url, false), ("security", closed.Url, true)]);
        await server.Admin.DeclareIdAsync("Suspected credential leak", "SEV-1", isPrivate: true);
        await server.Admin.DeclareIdAsync("Search slow", "SEV-3");
        await server.DispatchAsync();

        Assert.Equal(["Search slow"], open.Requests.Select(r => NotifyingServer.Body(r).GetProperty("data").Str("title")));
        Assert.Equal(["Search slow", "Suspected credential leak"], closed.Requests.Select(r => NotifyingServer.Body(r).GetProperty("data").Str("title")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RoutesFilter_ByEvent_Severity_AndService()
    {
        await using var pager = await RecordingReceiver.StartAsync();
        await using var payments = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start(
            [("sev1", pager.Url, false), ("payments", payments.Url, false)],
            """
            services:
              - name: payments
              - name: search
            routes:
              - events: [declared]
                severities: [SEV-1]
                channels: [sev1]
              - events: [declared, update-public]
                services: [payments]
                channels: [payments]
            """);
        var a = (await server.Admin.DeclareAsync(new { title = "Card auth failing", severity = "SEV-1", services = new[] { "payments" } })).Long("id");
        var b = (await server.Admin.DeclareAsync(new { title = "Search slow", severity = "SEV-1", services = new[] { "search" } })).Long("id");
        await server.Admin.DeclareAsync(new { title = "Refund lag", severity = "SEV-3", services = new[] { "payments" } });
        await server.Admin.PostUpdateAsync(a, "internal only");
        await server.Admin.PostUpdateAsync(a, "public words", "public");
        await server.Admin.PostUpdateAsync(b, "public words", "public");
        await server.DispatchAsync();

        Assert.Equal(["Card auth failing", "Search slow"], pager.Requests.Select(r => NotifyingServer.Body(r).GetProperty("data").Str("title")).Order(StringComparer.Ordinal));
        Assert.Equal(["incident.declared/Card auth failing", "incident.declared/Refund lag", "incident.update-public/Card auth failing"],
            payments.Requests.Select(r => NotifyingServer.Body(r)).Select(j => j.Str("type") + "/" + j.GetProperty("data").Str("title")).Order(StringComparer.Ordinal));
    }
}

/// <summary>The signature against the Standard Webhooks test vector.</summary>
public sealed class WebhookSignerTests
{
    [Fact]
    public void Sign_MatchesTheSpecsTestVector()
    {
        Assert.Equal(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""u8));
        Assert.True(WebhookSigner.IsValidSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        Assert.False(WebhookSigner.IsValidSecret("whsec_c2hvcnQ="));
        Assert.False(WebhookSigner.IsValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }
}
