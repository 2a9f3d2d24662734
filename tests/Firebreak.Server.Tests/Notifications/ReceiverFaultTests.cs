using System.Diagnostics;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// Receivers that misbehave — never answer, answer 10 MB, refuse the connection — are each recorded
/// and retried, and none of them holds up the channels beside it.
/// </summary>
public sealed class ReceiverFaultTests
{
    [Fact]
    public async Task AReceiverThatNeverAnswers_TimesOut_IsRetried_AndDoesNotHoldUpAnotherChannel()
    {
        await using var stuck = await RecordingReceiver.StartAsync();
        stuck.Answer = _ => new ReceiverAnswer(Hang: true);
        await using var healthy = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start(
            [("stuck", stuck.Url, false), ("healthy", healthy.Url, false)],
            "notifications:\n  timeout: 2s\nroutes:\n  - events: [declared]\n    channels: [stuck, healthy]\n");
        await server.Admin.DeclareIdAsync();

        var started = Stopwatch.StartNew();
        await server.DispatchAsync();
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(2), $"the stuck try ended after {started.Elapsed}");
        var healthyAt = healthy.Requests.Single().At;
        var stuckAt = stuck.Requests.Single().At;
        Assert.True(healthyAt - stuckAt < TimeSpan.FromSeconds(1.5), "the healthy channel waited for the stuck one");

        var stuckRow = (await server.DeliveryItemsAsync("?channel=stuck")).Single();
        Assert.Equal("pending", stuckRow.Str("state"));
        Assert.Contains("no answer within 2 s", stuckRow.Str("lastError"), StringComparison.Ordinal);
        Assert.Equal("delivered", (await server.DeliveryItemsAsync("?channel=healthy")).Single().Str("state"));
    }

    [Fact]
    public async Task ATenMegabyteAnswer_IsReadOnlyAsFarAsTheLogNeeds()
    {
        await using var chatty = await RecordingReceiver.StartAsync();
        chatty.Answer = _ => new ReceiverAnswer(200, PadTo: 10 * 1024 * 1024);
        await using var server = NotifyingServer.Start([("chatty", chatty.Url, false)], "routes:\n  - events: [declared]\n    channels: [chatty]\n");
        var id = await server.Admin.DeclareIdAsync();
        await server.DispatchAsync();

        var row = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
        Assert.Equal("delivered", row.Str("state"));
        var detail = (await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/deliveries/{row.Long("id")}"))).GetProperty("tries")[0].Str("detail");
        Assert.Equal(2048, detail.Length);
    }

    [Fact]
    public async Task ARefusedConnection_IsRecorded_AndRetriedWithBackoff()
    {
        await using var server = NotifyingServer.Start([("gone", RecordingReceiver.RefusingUrl(), false)], "routes:\n  - events: [declared]\n    channels: [gone]\n");
        var id = await server.Admin.DeclareIdAsync();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            await server.DispatchAsync();
            var row = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Single();
            Assert.Equal(("pending", i + 1), (row.Str("state"), row.GetProperty("attempts").GetInt32()));
            Assert.Contains("refused", row.Str("lastError"), StringComparison.OrdinalIgnoreCase);
            var wait = row.Time("nextAttemptAt") - server.Clock.GetUtcNow();
            waits.Add(wait);
            server.Clock.Advance(wait);
        }

        // 5 s, 10 s, 20 s, 40 s, each with up to a fifth more as jitter.
        for (var i = 0; i < waits.Count; i++)
        {
            var backoff = TimeSpan.FromSeconds(5 * Math.Pow(2, i));
            Assert.InRange(waits[i], backoff, backoff * 1.2);
        }
    }
}

/// <summary>The outbox's order and retries on a real PostgreSQL server.</summary>
public sealed class PostgresOutboxTests
{
    [PostgresFact]
    public async Task Postgres_AnOutage_EndsWithEveryMessageDelivered_InOrder()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var down = true;
        receiver.Answer = _ => down ? new ReceiverAnswer(503) : ReceiverAnswer.Ok;
        await using var server = NotifyingServer.Start([("ops", receiver.Url, false)], database: await TestDatabases.NewPostgresDatabaseAsync());
        var id = await server.Admin.DeclareIdAsync("Payments down", "SEV-1");
        for (var i = 1; i <= 5; i++)
        {
            await server.Admin.PostUpdateAsync(id, $"update {i}");
        }

        await server.RunForAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20));
        down = false;
        await server.RunForAsync(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30));
        var texts = receiver.Accepted.Select(r => NotifyingServer.Body(r).GetProperty("data")).Select(d => d.GetProperty("text").GetString()).ToList();
        Assert.Equal([null, "update 1", "update 2", "update 3", "update 4", "update 5"], texts);
    }
}
