using System.Net;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// The delivery log where people look: the room shows each message's channels and how they fared,
/// the admin's Deliveries page retries a failed one, the Channels page sends a test and shows the
/// answer; hostile text stays text, and none of it opens to someone who cannot see the incident.
/// </summary>
public sealed class DeliveryPagesTests
{
    [Fact]
    public async Task TheRoom_ShowsWhereEachMessageWent_AndHowItFared()
    {
        await using var good = await RecordingReceiver.StartAsync();
        await using var bad = await RecordingReceiver.StartAsync();
        bad.Answer = _ => new ReceiverAnswer(503, "<b>down</b>");
        await using var server = NotifyingServer.Start([("team-chat", good.Url, false), ("pager", bad.Url, false)]);
        await server.Factory.UserAsync("root", "admin");
        using var web = await WebSession.SignInAsync(server.Factory, "root", FirebreakFactory.UserPassword);
        var id = await server.Admin.DeclareIdAsync("Checkout <script>alert(1)</script>", "SEV-2");

        var before = await (await web.GetAsync($"/incidents/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("data-pending=\"true\"", before, StringComparison.Ordinal);
        Assert.Contains("team-chat queued", before, StringComparison.Ordinal);

        var posted = await web.PostFormAsync($"/incidents/{id}", $"/ui/incidents/{id}/updates", [("audience", "internal"), ("text", "Rolling back")]);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Contains("Sending to team-chat, pager", Uri.UnescapeDataString(posted.Headers.Location!.ToString()), StringComparison.Ordinal);

        await server.DispatchAsync();
        using var fragment = await web.GetAsync($"/ui/incidents/{id}/deliveries");
        var html = await fragment.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("team-chat ✓ 09:00:00", text, StringComparison.Ordinal);
        Assert.Contains("pager retrying, next try 09:00:0", text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;down&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>down</b>", html, StringComparison.Ordinal);
        Assert.Contains("data-pending=\"true\"", html, StringComparison.Ordinal);

        bad.Answer = _ => ReceiverAnswer.Ok;
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.DispatchAsync();
        var after = await (await web.GetAsync($"/ui/incidents/{id}/deliveries")).Content.ReadAsStringAsync();
        Assert.Contains("pager ✓ 09:01:00 (try 2)", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.Contains("data-pending=\"false\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrivateIncidentsLog_IsNotFoundForOutsiders()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("sec", receiver.Url, true)]);
        await server.Factory.UserAsync("otto");
        using var outsider = await WebSession.SignInAsync(server.Factory, "otto", FirebreakFactory.UserPassword);
        var id = await server.Admin.DeclareIdAsync("Leaked keys", "SEV-1", isPrivate: true);
        await server.DispatchAsync();

        using var denied = await outsider.GetAsync($"/ui/incidents/{id}/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain("Leaked", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await outsider.GetAsync("/admin/deliveries");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("Leaked", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdminsDeliveriesPage_RetriesAFailedDelivery()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var refuse = true;
        receiver.Answer = _ => refuse ? new ReceiverAnswer(404, "no_service") : ReceiverAnswer.Ok;
        await using var server = NotifyingServer.Start([("ops", receiver.Url, false)], "routes:\n  - events: [declared]\n    channels: [ops]\n");
        await server.Factory.UserAsync("root", "admin");
        using var web = await WebSession.SignInAsync(server.Factory, "root", FirebreakFactory.UserPassword);
        await server.Admin.DeclareIdAsync("Search slow", "SEV-3");
        await server.DispatchAsync();

        var page = await (await web.GetAsync("/admin/deliveries?state=failed")).Content.ReadAsStringAsync();
        Assert.Contains("404 no_service", page, StringComparison.Ordinal);
        var failedId = (await server.DeliveryItemsAsync("?state=failed")).Single().Long("id");
        Assert.Contains($"/ui/deliveries/{failedId}/retry", page, StringComparison.Ordinal);

        refuse = false;
        var retried = await web.PostFormAsync("/admin/deliveries", $"/ui/deliveries/{failedId}/retry", []);
        Assert.Equal(HttpStatusCode.SeeOther, retried.StatusCode);
        Assert.Contains("pending again", Uri.UnescapeDataString(retried.Headers.Location!.ToString()), StringComparison.Ordinal);
        await server.DispatchAsync();
        Assert.Equal("delivered", (await server.DeliveryItemsAsync("")).Single().Str("state"));

        using var bad = await web.GetAsync("/admin/deliveries?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Unknown state", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChannelsPage_SendsATest_AndShowsTheAnswer()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Answer = _ => new ReceiverAnswer(200, "hello from the receiver");
        await using var server = NotifyingServer.Start([("ops", receiver.Url + "/secret-path", false)]);
        await server.Factory.UserAsync("root", "admin");
        using var web = await WebSession.SignInAsync(server.Factory, "root", FirebreakFactory.UserPassword);

        var page = await (await web.GetAsync("/admin/channels")).Content.ReadAsStringAsync();
        Assert.Contains("ops", page, StringComparison.Ordinal);
        var tested = await web.PostFormAsync("/admin/channels", "/ui/channels/ops/test", []);
        Assert.Equal(HttpStatusCode.SeeOther, tested.StatusCode);
        var shown = await (await web.GetAsync(tested.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("ops: delivered in", WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        Assert.Contains("The receiver answered: hello from the receiver", WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        Assert.Equal("incident.test", NotifyingServer.Body(receiver.Requests.Single()).Str("type"));
    }
}
