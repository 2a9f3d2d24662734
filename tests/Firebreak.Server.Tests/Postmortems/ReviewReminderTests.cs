using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Notifications;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Postmortems;

/// <summary>
/// The review's nudges through the outbox, with a fake clock: a required postmortem not published by its
/// due date reminds the commander (once), an action item past its due day reminds its owner and the
/// commander (once per due date); publishing or finishing first sends nothing.
/// </summary>
public sealed class ReviewReminderTests
{
    private const string Routes = "routes:\n  - events: [postmortem-overdue, follow-through]\n    channels: [pager]\n";

    private static async Task<long> ResolvedSev2Async(NotifyingServer server)
    {
        var id = (await server.Admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-2", commander = "admin", services = new[] { "checkout" } })).Long("id");
        await server.Admin.ResolveAsync(id);
        await server.Factory.RunSchedulerAsync();
        return id;
    }

    private static async Task TickAsync(NotifyingServer server, TimeSpan by)
    {
        server.Clock.Advance(by);
        await server.Factory.RunSchedulerAsync();
        await server.Factory.RunSchedulerAsync();
        await server.DispatchAsync();
    }

    [Fact]
    public async Task ARequiredPostmortemPastItsDueDate_RemindsTheCommanderOnce()
    {
        await using var pager = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("pager", pager.Url, false)], Routes);
        var id = await ResolvedSev2Async(server);
        await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/incidents/{id}/postmortem"));

        await TickAsync(server, TimeSpan.FromHours(47));
        Assert.Empty(pager.Accepted);

        await TickAsync(server, TimeSpan.FromHours(2));
        var nudge = NotifyingServer.Body(Assert.Single(pager.Accepted));
        Assert.Equal("incident.postmortem-overdue", nudge.Str("type"));
        var data = nudge.GetProperty("data");
        Assert.Equal(["commander:admin"], data.GetProperty("addressedTo").EnumerateArray().Select(a => $"{a.Str("role")}:{a.Str("holder")}"));
        Assert.Contains("is still draft", data.Str("text"), StringComparison.Ordinal);
        var pm = await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/incidents/{id}/postmortem"));
        Assert.True(pm.GetProperty("overdue").GetBoolean());
        Assert.True(pm.GetProperty("reminded").GetBoolean());

        await TickAsync(server, TimeSpan.FromDays(3));
        Assert.Single(pager.Accepted);
    }

    [Fact]
    public async Task APostmortemPublishedInTime_AndAnItemDoneInTime_SendNothing()
    {
        await using var pager = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("pager", pager.Url, false)], Routes);
        await server.Factory.UserAsync("alice");
        var id = await ResolvedSev2Async(server);
        var url = $"/api/v1/incidents/{id}/postmortem";
        foreach (var (section, text) in new[] { ("summary", "Checkout failed."), ("impact", "EU card payments."), ("root-cause", "The retry loop had no backoff."), ("what-went-well", "Fast rollback."), ("what-went-poorly", "Slow detection.") })
        {
            await HttpAssert.JsonAsync(await server.Admin.PutAsJsonAsync($"{url}/sections/{section}", new { text }));
        }

        await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync($"{url}/actions", new { title = "Add exponential backoff with a 30 s cap to the retry loop", owner = "alice", due = "2026-03-15", type = "prevent" }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync($"{url}/review", new { reviewers = new[] { "alice" } }));
        await HttpAssert.JsonAsync(await server.Admin.PostAsync($"{url}/publish", null));
        await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync("/api/v1/actions/ACT-1/status", new { status = "done" }));

        await TickAsync(server, TimeSpan.FromDays(5));
        Assert.Empty(pager.Accepted);
    }

    [Fact]
    public async Task AnActionItemPastItsDueDay_RemindsItsOwnerAndTheCommander_OncePerDueDate()
    {
        await using var pager = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("pager", pager.Url, false)], "routes:\n  - events: [follow-through]\n    channels: [pager]\n");
        await server.Factory.UserAsync("alice");
        var id = await ResolvedSev2Async(server);
        await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/postmortem/actions", new { title = "Add an alert on checkout 5xx above 2 % for 5 minutes", owner = "alice", due = "2026-03-15", type = "detect" }), HttpStatusCode.Created);

        await TickAsync(server, TimeSpan.FromHours(20));   // 2026-03-15 05:00: due today, not late
        Assert.Empty(pager.Accepted);
        await TickAsync(server, TimeSpan.FromHours(20));   // 2026-03-16 01:00: a day late
        var nudge = NotifyingServer.Body(Assert.Single(pager.Accepted));
        Assert.Equal("incident.follow-through", nudge.Str("type"));
        Assert.Equal(["owner:alice", "commander:admin"], nudge.GetProperty("data").GetProperty("addressedTo").EnumerateArray().Select(a => $"{a.Str("role")}:{a.Str("holder")}"));
        Assert.Contains("ACT-1", nudge.GetProperty("data").Str("text"), StringComparison.Ordinal);

        await TickAsync(server, TimeSpan.FromDays(2));
        Assert.Single(pager.Accepted);

        // A new due date is a new promise: missing it reminds again.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/actions/ACT-1") { Content = JsonContent.Create(new { due = "2026-03-20" }) };
        await HttpAssert.JsonAsync(await server.Admin.SendAsync(patch));
        await TickAsync(server, TimeSpan.FromDays(3));
        Assert.Equal(2, pager.Accepted.Count);
    }
}
