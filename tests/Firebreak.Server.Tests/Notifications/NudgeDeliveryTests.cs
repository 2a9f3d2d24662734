using Firebreak.Server.Tests.Support;
using Firebreak.Testing;

namespace Firebreak.Server.Tests.Notifications;

/// <summary>
/// The process uses the channels: the silence nudge reaches the comms lead (and from the second miss
/// the commander too) through the routed channel, once per missed interval, and the resolution
/// announcement goes out like any update. The strict receiver fails on anything it did not expect.
/// </summary>
public sealed class NudgeDeliveryTests
{
    [Fact]
    public async Task ASilentSev1_IsNudgedThroughTheChannel_OncePerInterval_AddressedToWhoMustAct()
    {
        await using var pager = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("pager", pager.Url, false)], "routes:\n  - events: [silence]\n    channels: [pager]\n");
        await server.Factory.UserAsync("bob");
        var id = (await server.Admin.DeclareAsync(new { title = "Checkout returns 502", severity = "SEV-1", commander = "admin" })).Long("id");
        await server.Admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "bob" });

        for (var minute = 2; minute <= 40; minute += 2)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(2));
            await server.Factory.RunSchedulerAsync();
            await server.Factory.RunSchedulerAsync();
            await server.DispatchAsync();
        }

        var nudges = pager.Accepted.Select(r => NotifyingServer.Body(r)).ToList();
        Assert.Equal(["incident.silence", "incident.silence"], nudges.Select(n => n.Str("type")));
        var first = nudges[0].GetProperty("data").GetProperty("addressedTo").EnumerateArray().Select(a => $"{a.Str("role")}:{a.Str("holder")}");
        var second = nudges[1].GetProperty("data").GetProperty("addressedTo").EnumerateArray().Select(a => $"{a.Str("role")}:{a.Str("holder")}");
        Assert.Equal(["comms-lead:bob"], first);
        Assert.Equal(["comms-lead:bob", "commander:admin"], second);
        Assert.Contains("No stakeholder update", nudges[0].GetProperty("data").Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStrictReceiver_GetsExactlyTheMessagesTheEventsCalledFor_IncludingTheResolution()
    {
        await using var team = await RecordingReceiver.StartAsync();
        await using var server = NotifyingServer.Start([("team", team.Url, false)], "routes:\n  - events: [declared, update-public, resolved]\n    channels: [team]\n");
        var id = (await server.Admin.DeclareAsync(new { title = "Search slow", severity = "SEV-3", commander = "admin" })).Long("id");
        await server.Admin.CommandAsync(id, "roles", new { role = "comms-lead", user = "admin" });
        await server.Admin.PostUpdateAsync(id, "Internal only: not for this route");
        await server.Admin.PostUpdateAsync(id, "Search is slow; we are on it.", "public", "investigating");
        await server.Admin.ResolveAsync(id, "Index rebuilt");
        await server.Admin.PostUpdateAsync(id, "Search is fast again.", "public", "resolved");

        var expected = (await server.DeliveryItemsAsync($"?incident=INC-{id}")).Select(d => d.Long("id")).ToList();
        Assert.Equal(4, expected.Count);
        team.IdOf = r => NotifyingServer.Body(r).GetProperty("data").Str("headline");
        team.Expect([
            $"INC-{id} declared: Search slow (SEV-3)",
            $"INC-{id} update (investigating): Search slow",
            $"INC-{id} resolved: Search slow",
            $"INC-{id} update (resolved): Search slow",
        ]);

        await server.DispatchAsync();
        await server.RunForAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        team.AssertExactly();
        Assert.Equal(["incident.declared", "incident.update-public", "incident.resolved", "incident.update-public"], team.Accepted.Select(r => NotifyingServer.Body(r).Str("type")));
        Assert.Equal(expected.Count, team.Accepted.Select(r => r.Header("webhook-id")).Distinct().Count());
    }
}

/// <summary>Bad channels and routes stop the start with the file, the line and the fix; nothing is sent.</summary>
public sealed class NotificationConfigTests
{
    public static TheoryData<string, int, string[]> BadConfigs => new()
    {
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secret: whsec_abc\n", 5, ["'secret' is a secret and must not be written in the file", "secretEnv", "secretFile"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretEnv: FIREBREAK_TEST_UNSET_VARIABLE\n", 2, ["FIREBREAK_TEST_UNSET_VARIABLE (secretEnv) is not set"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret-short}\n", 2, ["not a Standard Webhooks secret", "whsec_"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: x.example/h\n    secretFile: {secret}\n", 2, ["is not an http(s) URL"] },
        { "channels:\n  - name: Ops Chat\n    type: webhook\n", 2, ["must be lowercase letters, digits and '-'"] },
        { "channels:\n  - name: ops\n    type: carrier-pigeon\n", 2, ["has type 'carrier-pigeon'", "slack", "teams", "mattermost", "webhook", "email"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret}\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret}\n", 6, ["declared twice"] },
        { "routes:\n  - events: [declared]\n    channels: [ops]\n", 2, ["no channels are declared"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret}\nroutes:\n  - events: [declared]\n    channels: [opz]\n", 7, ["'opz', which is not declared", "the channels are ops"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret}\nroutes:\n  - events: [declard]\n    channels: [ops]\n", 7, ["the event 'declard'", "declared, severity-changed"] },
        { "channels:\n  - name: ops\n    type: webhook\n    url: https://x.example/h\n    secretFile: {secret}\nroutes:\n  - events: [declared]\n    channels: [ops]\n    severities: [SEV-9]\n", 7, ["the severity 'SEV-9'"] },
        { "notifications:\n  giveUpAfter: 30s\n", 2, ["giveUpAfter must be between 1m and 7d"] },
        { "notifications:\n  concurrency: 500\n", 2, ["concurrency must be a whole number from 1 to 64"] },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task ABadChannelOrRoute_StopsTheStart_NamingTheLineAndTheFix_AndSendsNothing(string yaml, int line, string[] says)
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var data = TestDatabases.TempDirectory();
        var secret = Path.Combine(data, "secret");
        var shortSecret = Path.Combine(data, "short");
        await File.WriteAllTextAsync(secret, NotifyingServer.Secret);
        await File.WriteAllTextAsync(shortSecret, "whsec_c2hvcnQ=");
        var written = yaml.Replace("{secret}", secret, StringComparison.Ordinal).Replace("{secret-short}", shortSecret, StringComparison.Ordinal).Replace("https://x.example/h", receiver.Url, StringComparison.Ordinal);

        var error = ConfigAssert.Refused(written, line, says, data);
        Assert.DoesNotContain("whsec_abc", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }
}
