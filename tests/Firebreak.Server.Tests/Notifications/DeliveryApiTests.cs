using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// The delivery log and the channels through the API: who sees what (a private incident's deliveries
/// only its members and admins), bad filters as 400s that name the parameter, the channel list without
/// secrets, a channel's test answered by the receiver, and the command's answer saying where its messages go.
/// </summary>
public sealed class DeliveryApiTests
{
    [Fact]
    public async Task TheDeliveryLog_FollowsIncidentVisibility()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("ops", receiver.Url, true)]);
        using var member = await server.Factory.UserAsync("mia");
        using var outsider = await server.Factory.UserAsync("otto");
        var secret = (await server.Admin.DeclareAsync(new { title = "Leaked keys", severity = "SEV-1", @private = true, commander = "mia" })).Long("id");
        var open = await server.Admin.DeclareIdAsync("Search slow", "SEV-3");
        await server.DispatchAsync();

        var mine = await HttpAssert.JsonAsync(await member.GetAsync($"/api/v1/deliveries?incident=INC-{secret}"));
        Assert.NotEmpty(mine.GetProperty("items").EnumerateArray());
        await HttpAssert.ProblemAsync(await outsider.GetAsync($"/api/v1/deliveries?incident=INC-{secret}"), HttpStatusCode.NotFound);
        var someId = mine.GetProperty("items")[0].Long("id");
        await HttpAssert.ProblemAsync(await outsider.GetAsync($"/api/v1/deliveries/{someId}"), HttpStatusCode.NotFound, "no delivery");
        Assert.NotEmpty((await HttpAssert.JsonAsync(await outsider.GetAsync($"/api/v1/deliveries?incident=INC-{open}"))).GetProperty("items").EnumerateArray());
        await HttpAssert.InvalidAsync(await outsider.GetAsync("/api/v1/deliveries"), "incident", "Only an admin");
        var all = await server.DeliveriesAsync("");
        Assert.Equal(2, all.GetProperty("items").EnumerateArray().Select(d => d.Str("incident")).Distinct().Count());
    }

    [Theory]
    [InlineData("?state=lost", "state", "pending, delivered, failed")]
    [InlineData("?limit=0", "limit", "")]
    [InlineData("?limit=99999999999999999999", "limit", "")]
    [InlineData("?before=-3", "before", "")]
    [InlineData("?incident=INC-x", "incident", "INC-7")]
    public async Task BadFilters_Are400s_NamingTheParameter(string query, string field, string says)
    {
        await using var server = NotifyingServer.Start([("ops", RecordingReceiver.RefusingUrl(), false)]);
        await HttpAssert.InvalidAsync(await server.Admin.GetAsync("/api/v1/deliveries" + query), field, says);
    }

    [Fact]
    public async Task UnknownAndMalformedDeliveryIds_AreClear4xx()
    {
        await using var server = NotifyingServer.Start([("ops", RecordingReceiver.RefusingUrl(), false)]);
        await HttpAssert.ProblemAsync(await server.Admin.GetAsync("/api/v1/deliveries/4242"), HttpStatusCode.NotFound, "no delivery 4242");
        await HttpAssert.InvalidAsync(await server.Admin.GetAsync("/api/v1/deliveries/abc"), "id", "not a number");
        await HttpAssert.InvalidAsync(await server.Admin.PostAsync("/api/v1/deliveries/99999999999999999999/retry", null), "id", "not a number");
        await HttpAssert.ProblemAsync(await server.Admin.PostAsync("/api/v1/deliveries/4242/retry", null), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await server.Admin.PostAsync("/api/v1/channels/nope/test", null), HttpStatusCode.NotFound, "the channels are ops");
    }

    [Fact]
    public async Task Channels_AreListedWithoutSecrets_AndATestShowsTheReceiversAnswer()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Answer = _ => new ReceiverAnswer(202, "accepted by the test receiver");
        await using var server = NotifyingServer.Start(
            [("ops", receiver.Url + "/in?token=abc", false)],
            "routes:\n  - events: [declared, silence]\n    channels: [ops]\n");
        using var responder = await server.Factory.UserAsync("rita");

        var listed = await HttpAssert.JsonAsync(await responder.GetAsync("/api/v1/channels"));
        var ops = listed.GetProperty("channels").EnumerateArray().Single();
        Assert.Equal(("ops", "webhook", false), (ops.Str("name"), ops.Str("type"), ops.GetProperty("private").GetBoolean()));
        Assert.Equal(["declared", "silence"], ops.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("token=abc", listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(NotifyingServer.Secret, listed.GetRawText(), StringComparison.Ordinal);

        await HttpAssert.ProblemAsync(await responder.PostAsync("/api/v1/channels/ops/test", null), HttpStatusCode.Forbidden);
        Assert.Empty(receiver.Requests);
        var tested = await HttpAssert.JsonAsync(await server.Admin.PostAsync("/api/v1/channels/ops/test", null));
        Assert.Equal(("delivered", 202, "accepted by the test receiver"), (tested.Str("outcome"), tested.GetProperty("status").GetInt32(), tested.Str("detail")));
        var sent = NotifyingServer.Body(receiver.Requests.Single());
        Assert.Equal("incident.test", sent.Str("type"));
        Assert.Contains("admin asked Firebreak to send this test message", sent.GetProperty("data").Str("text"), StringComparison.Ordinal);

        receiver.Answer = _ => new ReceiverAnswer(404, "no_service");
        var refused = await HttpAssert.JsonAsync(await server.Admin.PostAsync("/api/v1/channels/ops/test", null));
        Assert.Equal(("refused", 404, "404 no_service"), (refused.Str("outcome"), refused.GetProperty("status").GetInt32(), refused.Str("detail")));
        Assert.Empty((await server.DeliveriesAsync("")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PostingAnUpdate_SaysWhereItsMessagesGo()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start(
            [("team", receiver.Url, false), ("public-feed", receiver.Url, false)],
            "routes:\n  - events: [update-internal, update-public]\n    channels: [team]\n  - events: [update-public]\n    channels: [public-feed]\n");
        var id = await server.Admin.DeclareIdAsync();

        var internalUpdate = await server.Admin.PostUpdateAsync(id, "Looking at the database.");
        Assert.Equal(["team"], internalUpdate.GetProperty("notifiedChannels").EnumerateArray().Select(c => c.GetString()));
        var publicUpdate = await server.Admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "admin" });
        Assert.Empty(publicUpdate.GetProperty("notifiedChannels").EnumerateArray());
        var spoken = await server.Admin.PostUpdateAsync(id, "We found the cause.", "public", "identified");
        Assert.Equal(["team", "public-feed"], spoken.GetProperty("notifiedChannels").EnumerateArray().Select(c => c.GetString()));
        Assert.False((await server.Admin.GetIncidentAsync(id)).TryGetProperty("notifiedChannels", out _));
    }
}
