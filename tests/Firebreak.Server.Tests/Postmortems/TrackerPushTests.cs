using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Notifications;
using Firebreak.Server.Tests.StatusPage.Subscribers;
using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Postmortems;

/// <summary>
/// Pushing an action item to an external tracker, each against a recording server standing in for it:
/// GitHub's create-issue, Jira's create-issue and a signed generic webhook. The push goes through the
/// outbox (a 5xx is retried, the item is created once), and the key and address come back onto the item.
/// </summary>
public sealed class TrackerPushTests
{
    private static string TempFile(string content)
    {
        var file = Path.Combine(TestDatabases.TempDirectory(), "secret");
        File.WriteAllText(file, content + "\n");
        return file;
    }

    private static NotifyingServer Start(string trackers) =>
        NotifyingServer.StartWith($"postmortems:\n  trackers:\n{trackers}");

    private static async Task<string> ActionAsync(NotifyingServer server, bool isPrivate = false)
    {
        await server.Factory.UserAsync("alice");
        var id = (await server.Admin.DeclareAsync(new { title = "Checkout 502s", severity = "SEV-2", services = new[] { "checkout" }, @private = isPrivate })).Long("id");
        var item = await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/postmortem/actions", new
        {
            title = "Add exponential backoff with a 30 s cap to the gateway retry loop",
            owner = "alice",
            due = "2026-04-01",
            type = "prevent",
            priority = "high",
            description = "The retry storm <b>doubled</b> the load.",
        }), HttpStatusCode.Created);
        return item.Str("key");
    }

    private static async Task<JsonElement> PushAsync(NotifyingServer server, string key, string tracker) =>
        await HttpAssert.JsonAsync(await server.Admin.PostAsJsonAsync($"/api/v1/actions/{key}/push", new { tracker }), HttpStatusCode.Accepted);

    private static async Task<JsonElement> ItemAsync(NotifyingServer server, string key) =>
        await HttpAssert.JsonAsync(await server.Admin.GetAsync($"/api/v1/actions/{key}"));

    [Fact]
    public async Task GitHub_GetsItsCreateIssueShape_AndTheIssueNumberAndAddressComeBack_AfterARetry()
    {
        await using var github = await RecordingReceiver.StartAsync();
        var tries = 0;
        github.Answer = _ => ++tries == 1
            ? new ReceiverAnswer(503, "{\"message\":\"Service Unavailable\"}")
            : new ReceiverAnswer(201, "{\"url\":\"https://api.github.com/repos/acme/platform/issues/42\",\"id\":1,\"node_id\":\"x\",\"number\":42,\"html_url\":\"https://github.com/acme/platform/issues/42\",\"milestone\":{\"number\":7}}");
        await using var server = Start($"    - name: gh\n      type: github\n      url: {github.Url}\n      repo: acme/platform\n      labels: [postmortem]\n      tokenFile: {TempFile("ghp_test_token")}\n");
        var key = await ActionAsync(server);

        var pushed = await PushAsync(server, key, "gh");
        Assert.Equal("gh", pushed.Str("pushingTo"));
        await server.DispatchAsync();
        Assert.Equal(JsonValueKind.Null, (await ItemAsync(server, key)).GetProperty("externalKey").ValueKind);
        await server.RunForAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));

        Assert.Equal(2, github.Requests.Count);
        var request = github.Requests[^1];
        Assert.Equal(("POST", "/repos/acme/platform/issues"), (request.Method, request.Path));
        Assert.Equal("Bearer ghp_test_token", request.Header("authorization"));
        Assert.Equal("application/vnd.github+json", request.Header("accept"));
        Assert.Equal("2022-11-28", request.Header("x-github-api-version"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("Add exponential backoff with a 30 s cap to the gateway retry loop", body.Str("title"));
        Assert.Contains("Owner: alice", body.Str("body"), StringComparison.Ordinal);
        Assert.Contains("Due: 2026-04-01", body.Str("body"), StringComparison.Ordinal);
        Assert.Contains("/incidents/1/postmortem", body.Str("body"), StringComparison.Ordinal);
        Assert.Equal(["postmortem"], body.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var item = await ItemAsync(server, key);
        Assert.Equal(("gh", "acme/platform#42", "https://github.com/acme/platform/issues/42"), (item.Str("tracker"), item.Str("externalKey"), item.Str("externalUrl")));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("pushingTo").ValueKind);

        // Tracked once: a second push is a clear conflict and sends nothing.
        await HttpAssert.ProblemAsync(await server.Admin.PostAsJsonAsync($"/api/v1/actions/{key}/push", new { tracker = "gh" }), HttpStatusCode.Conflict, "tracked as acme/platform#42");
        await server.RunForAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        Assert.Equal(2, github.Requests.Count);
    }

    [Fact]
    public async Task Jira_GetsItsCreateIssueShape_WithBasicAuth_AndTheKeyAndBrowseAddressComeBack()
    {
        await using var jira = await RecordingReceiver.StartAsync();
        jira.Answer = _ => new ReceiverAnswer(201, "{\"id\":\"10001\",\"key\":\"OPS-7\",\"self\":\"https://acme.atlassian.net/rest/api/2/issue/10001\"}");
        await using var server = Start($"    - name: jira\n      type: jira\n      url: {jira.Url}\n      project: OPS\n      issueType: Bug\n      user: bot@acme.test\n      tokenFile: {TempFile("jira-token")}\n");
        var key = await ActionAsync(server);
        await PushAsync(server, key, "JIRA");
        await server.DispatchAsync();

        var request = Assert.Single(jira.Requests);
        Assert.Equal(("POST", "/rest/api/2/issue"), (request.Method, request.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot@acme.test:jira-token")), request.Header("authorization"));
        var fields = JsonDocument.Parse(request.Body).RootElement.GetProperty("fields");
        Assert.Equal(("OPS", "Bug", "2026-04-01"), (fields.GetProperty("project").Str("key"), fields.GetProperty("issuetype").Str("name"), fields.Str("duedate")));
        Assert.Equal("Add exponential backoff with a 30 s cap to the gateway retry loop", fields.Str("summary"));
        Assert.StartsWith("The retry storm <b>doubled</b> the load.", fields.Str("description"), StringComparison.Ordinal);

        var item = await ItemAsync(server, key);
        Assert.Equal(("OPS-7", new Uri(new Uri(jira.Url), "/browse/OPS-7").ToString()), (item.Str("externalKey"), item.Str("externalUrl")));
    }

    [Fact]
    public async Task TheGenericWebhook_IsSignedWithStandardWebhooks_AndItsAnswerIsTheKey()
    {
        await using var hook = await RecordingReceiver.StartAsync();
        hook.Answer = _ => new ReceiverAnswer(200, "{\"key\":\"T-9\",\"url\":\"javascript:alert(1)\"}");
        var secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await using var server = Start($"    - name: tracker\n      type: webhook\n      url: {hook.Url}/hooks/actions\n      secretFile: {TempFile(secret)}\n");
        var key = await ActionAsync(server);
        await PushAsync(server, key, "tracker");
        await server.DispatchAsync();

        var request = Assert.Single(hook.Requests);
        Assert.Equal("/hooks/actions", request.Path);
        Assert.Equal(SubscriberServer.ExpectedSignature(secret, request.Header("webhook-id")!, request.Header("webhook-timestamp")!, request.Body), request.Header("webhook-signature"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("action.push", body.Str("type"));
        var data = body.GetProperty("data");
        Assert.Equal((key, "INC-1", "alice", "prevent", "high"), (data.Str("id"), data.Str("incident"), data.Str("owner"), data.Str("type"), data.Str("priority")));

        var item = await ItemAsync(server, key);
        Assert.Equal("T-9", item.Str("externalKey"));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("externalUrl").ValueKind);   // only an http(s) address is kept
    }

    [Fact]
    public async Task APrivateIncidentsItem_AnUnknownTracker_AndNoTrackers_AreRefused_AndNothingIsSent()
    {
        await using var hook = await RecordingReceiver.StartAsync();
        var secret = "whsec_" + Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 3)).ToArray());
        await using var server = Start($"    - name: tracker\n      type: webhook\n      url: {hook.Url}\n      secretFile: {TempFile(secret)}\n");
        var key = await ActionAsync(server, isPrivate: true);
        await HttpAssert.InvalidAsync(await server.Admin.PostAsJsonAsync($"/api/v1/actions/{key}/push", new { tracker = "tracker" }), "tracker", "not marked private");
        await HttpAssert.InvalidAsync(await server.Admin.PostAsJsonAsync($"/api/v1/actions/{key}/push", new { tracker = "linear" }), "tracker", "the trackers are tracker");
        await server.DispatchAsync();
        Assert.Empty(hook.Requests);
        Assert.Equal(JsonValueKind.Null, (await ItemAsync(server, key)).GetProperty("pushingTo").ValueKind);

        await using var bare = NotifyingServer.StartWith("services: [{name: checkout}]\n");
        var other = await ActionAsync(bare);
        await HttpAssert.InvalidAsync(await bare.Admin.PostAsJsonAsync($"/api/v1/actions/{other}/push", new { tracker = "gh" }), "tracker", "No tracker is configured");
    }
}
