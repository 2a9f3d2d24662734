using System.Net;
using System.Net.Http.Json;
using Firebreak.Server.Tests.Support;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>A private incident exists only for its members and admins; to anyone else it is a 404.</summary>
public sealed class PrivateIncidentTests : IDisposable
{
    private readonly FirebreakFactory _factory = new();

    public static TheoryData<string, string?> IncidentCommands => Commands.OnIncident;

    [Fact]
    public async Task NonMember_ShowAndTimeline_Are404LikeAnUnknownIncident()
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            var shown = await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(id)), HttpStatusCode.NotFound, $"INC-{id}");
            await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(id, "timeline")), HttpStatusCode.NotFound, $"INC-{id}");

            // The answer must not tell "private" from "does not exist".
            var unknown = await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(999)), HttpStatusCode.NotFound);
            Assert.Equal(HttpAssert.Detail(unknown).Replace("INC-999", $"INC-{id}", StringComparison.Ordinal), HttpAssert.Detail(shown));
            Assert.DoesNotContain("Payroll", shown.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(IncidentCommands))]
    public async Task NonMember_Command_Is404AndWritesNothing(string command, string? body)
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            var before = await alice.SnapshotAsync(id);

            var response = await bob.PostAsync(IncidentApi.Url(id, command), Commands.Body(body));

            await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, $"INC-{id}");
            Assert.Equal(before, await alice.SnapshotAsync(id));
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("999")]
    public async Task NonMember_WithAnyIfMatch_Is404_NotAStaleVersion(string version)
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            var before = await alice.SnapshotAsync(id);
            foreach (var (path, body) in new[] { ("timeline", "{\"kind\":\"note\",\"text\":\"x\"}"), ("evidence", "{\"kind\":\"text\",\"text\":\"x\",\"name\":\"n\"}"), ("join", "{}") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, IncidentApi.Url(id, path)) { Content = Commands.Body(body) };
                request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");

                await HttpAssert.ProblemAsync(await bob.SendAsync(request), HttpStatusCode.NotFound, $"INC-{id}");
            }

            Assert.Equal(before, await alice.SnapshotAsync(id));
        }
    }

    [Fact]
    public async Task NonMember_DoesNotSeeItInListSearchOrTotals()
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            using var admin = _factory.Admin();
            var publicId = await admin.DeclareIdAsync("Public website outage", "SEV-2");

            var list = await bob.ListAsync();
            Assert.Equal(1, list.Long("total"));
            Assert.Equal([publicId], list.Items().Select(i => i.Long("id")));

            Assert.Equal(0, await bob.TotalAsync("?q=payroll"));
            Assert.Equal(0, await bob.TotalAsync($"?q=INC-{id}"));
            Assert.Equal(1, await bob.TotalAsync("?severity=SEV-2"));
            Assert.Equal(1, await bob.TotalAsync("?status=investigating"));
            Assert.Equal(1, await bob.TotalAsync("?active=true"));
            Assert.Equal(0, await bob.TotalAsync("?service=payroll-api"));

            using var viewer = await _factory.UserAsync("vera", "viewer");
            Assert.Equal([publicId], (await viewer.ListAsync()).Items().Select(i => i.Long("id")));
            Assert.Equal(0, await viewer.TotalAsync("?q=payroll"));
        }
    }

    [Fact]
    public async Task Member_WhoDeclaredIt_SeesItEverywhere()
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            var shown = await alice.GetIncidentAsync(id);
            Assert.True(shown.GetProperty("private").GetBoolean());
            Assert.Equal(1, await alice.TotalAsync());
            Assert.Equal(1, await alice.TotalAsync("?q=payroll"));
            Assert.Equal(1, await alice.TotalAsync("?service=payroll-api"));
        }
    }

    [Fact]
    public async Task Admin_SeesPrivateIncidents()
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            using var admin = _factory.Admin();
            Assert.Equal("Payroll export leaks salaries", (await admin.GetIncidentAsync(id)).Str("title"));
            Assert.Equal(3, (await admin.TimelineAsync(id)).Items().Count);
            Assert.Equal(1, await admin.TotalAsync());
            Assert.Equal(1, await admin.TotalAsync("?q=payroll"));
            await admin.AddEntryAsync(id, "note", "Security team informed");
        }
    }

    [Fact]
    public async Task NonMember_GivenARole_BecomesAMemberAndSeesIt()
    {
        var (alice, bob, id) = await PrivateIncidentAsync();
        using (alice)
        using (bob)
        {
            await HttpAssert.ProblemAsync(await bob.GetAsync(IncidentApi.Url(id)), HttpStatusCode.NotFound);

            var assigned = await alice.CommandAsync(id, "roles", new { role = "tech-lead", user = "bob" });
            Assert.Equal("bob", assigned.GetProperty("roles").Str("tech-lead"));

            Assert.Equal("Payroll export leaks salaries", (await bob.GetIncidentAsync(id)).Str("title"));
            Assert.Equal([id], (await bob.ListAsync()).Items().Select(i => i.Long("id")));
            Assert.Equal(1, await bob.TotalAsync("?q=payroll"));
            Assert.Contains("bob is tech-lead", (await bob.TimelineAsync(id)).Items().Select(i => i.Str("text")));
            await bob.AddEntryAsync(id, "action", "Rotating the export bucket keys");
        }
    }

    [Fact]
    public async Task PublicIncident_IsVisibleToEveryoneSignedIn()
    {
        using var alice = await _factory.UserAsync("alice");
        using var bob = await _factory.UserAsync("bob");
        using var viewer = await _factory.UserAsync("vera", "viewer");
        var id = await alice.DeclareIdAsync("Public website outage");

        foreach (var client in new[] { bob, viewer })
        {
            Assert.False((await client.GetIncidentAsync(id)).GetProperty("private").GetBoolean());
            Assert.Equal(2, (await client.TimelineAsync(id)).Items().Count);
            Assert.Equal(1, await client.TotalAsync("?q=website"));
        }

        // Any responder may work on a public incident.
        await bob.CommandAsync(id, "join", new { });
        await bob.AddEntryAsync(id, "note", "Seeing it from the EU too");
    }

    /// <summary>Alice (responder) declares a private incident and writes an entry; Bob (responder) is not a member.</summary>
    private async Task<(HttpClient Alice, HttpClient Bob, long Id)> PrivateIncidentAsync()
    {
        var alice = await _factory.UserAsync("alice");
        var bob = await _factory.UserAsync("bob");
        var declared = await alice.DeclareAsync(new { title = "Payroll export leaks salaries", severity = "SEV-1", @private = true, services = new[] { "payroll-api" } });
        Assert.True(declared.GetProperty("private").GetBoolean());
        var id = declared.Long("id");
        await alice.AddEntryAsync(id, "symptom", "Export file is world-readable");
        return (alice, bob, id);
    }

    public void Dispose() => _factory.Dispose();
}
